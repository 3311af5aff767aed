import { z } from 'zod';
import { captureName, pattern } from './args.js';
import { defineStep } from './define-step.js';
import { fail } from './step-failure.js';

const MAX_EVIDENCE_BODY = 64 * 1024;

export default defineStep({
  name: 'http',
  summary: 'Send an HTTP request (an admin endpoint, an API) and check the answer',
  args: z.strictObject({
    method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET'),
    url: z.string().min(1),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.string().optional().meta({ description: 'Raw request body' }),
    json: z.unknown().optional().meta({ description: 'Request body sent as JSON' }),
    form: z.record(z.string(), z.string()).optional().meta({ description: 'Request body sent as a form' }),
    expect: z
      .strictObject({
        status: z.number().int().optional().meta({ description: 'Default: any 2xx' }),
        body: pattern.optional(),
        json: z.record(z.string(), z.unknown()).optional().meta({ description: 'Dotted paths and the values they must hold' }),
      })
      .optional(),
    as: captureName.optional().meta({ description: 'Remember the response body as ${{ captures.NAME }}' }),
  }),
  shorthand: 'url',
  definesCapture: 'as',
  sideEffects: true,
  example: '- http: { method: POST, url: /admin/send-campaign, expect: { status: 200 } }',
  describe: (a) => `${a.method} ${a.url}`,
  async run(ctx, a) {
    const response = await (await ctx.request()).fetch(a.url, {
      method: a.method,
      headers: a.headers,
      data: a.json ?? a.body,
      form: a.form,
      timeout: ctx.timeoutMs,
      maxRedirects: 0,
    });
    const text = await response.text();
    const exchange = {
      request: { method: a.method, url: response.url(), headers: a.headers ?? {} },
      response: { status: response.status(), headers: response.headers(), body: text.slice(0, MAX_EVIDENCE_BODY) },
    };
    const evidence = [await ctx.attach('http-exchange.json', ctx.redact(JSON.stringify(exchange, null, 2)), 'application/json')];
    if (a.as) ctx.captures.set(a.as, text);

    const status = response.status();
    const statusOk = a.expect?.status === undefined ? status >= 200 && status < 300 : status === a.expect.status;
    if (!statusOk) {
      const wanted = a.expect?.status ?? '2xx';
      fail('HTTP_UNEXPECTED', `${a.method} ${a.url} answered ${status}, expected ${wanted}.`, { evidence });
    }
    if (a.expect?.body && !a.expect.body.test(text)) {
      fail('HTTP_UNEXPECTED', `${a.method} ${a.url} answered without ${a.expect.body} in its body.`, { evidence });
    }
    if (a.expect?.json) {
      const body = parseJson(text);
      for (const [path, wanted] of Object.entries(a.expect.json)) {
        const actual = readPath(body, path);
        if (JSON.stringify(actual) !== JSON.stringify(wanted)) {
          fail('HTTP_UNEXPECTED', `${a.method} ${a.url}: "${path}" is ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}.`, { evidence });
        }
      }
    }
  },
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function readPath(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);
}
