import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countColour, SECRET_COLOUR } from '../unit/browser/colour-pixels.js';
import { latestReport, runCli, tempProject } from './cli-harness.js';

/**
 * A secret typed into an ordinary text field, echoed by the page (split over elements),
 * sent to an API that answers with it URL-encoded, base64-encoded and split by markup:
 * no report file, evidence file, log line or screenshot pixel may show it.
 */
const SECRET = 'Zq7 Secret/Value:93';
const CSS = `body{font:bold 48px sans-serif;color:#222} input,.s{color:${SECRET_COLOUR.css};font:bold 48px sans-serif;width:1150px}`;
const FORM = `<!doctype html><html><head><style>${CSS}</style></head><body>
<label>Full name <input id="name"></label>
<p class="s" id="echo"></p>
<script>document.getElementById('name').addEventListener('input', (e) => {
  const v = e.target.value;
  document.getElementById('echo').innerHTML = v.slice(0, 5) + '<span>' + v.slice(5, 11) + '</span><b>' + v.slice(11) + '</b>';
});</script></body></html>`;

let site: Server;
let url: string;

beforeAll(async () => {
  site = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    if (req.url?.startsWith('/api/echo')) {
      const value = query.get('s') ?? '';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        urlEncoded: encodeURIComponent(value),
        basicAuth: `Basic ${Buffer.from(`user:${value}`).toString('base64')}`,
        base64: Buffer.from(value).toString('base64'),
        html: `<p>${value.slice(0, 4)}<span>${value.slice(4, 12)}</span>${value.slice(12)}</p>`,
      }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(FORM);
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});

afterAll(() => {
  site?.close();
});

const JOURNEY = () => `name: Secret in a text field
baseURL: ${url}
steps:
  - goto: /
  - fill: { label: Full name, value: "\${{ secrets.SHOP_PASSWORD }}" }
  - screenshot: after typing
  - http: { url: "/api/echo?s=\${{ secrets.SHOP_PASSWORD }}" }
  - expectText: { text: "\${{ secrets.SHOP_PASSWORD }} is not on this page", timeout: 1s }
`;

function walk(dir: string): string[] {
  return readdirSync(dir).filter((name) => name !== 'latest').flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Every written form of the secret a reader could decode. */
function forms(secret: string): string[] {
  const base64 = Buffer.from(secret).toString('base64').replace(/=+$/, '');
  const afterUser = Buffer.from(`user:${secret}`).toString('base64');
  return [secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+'), base64.slice(0, -2), afterUser.slice(8, -4)];
}

describe('secrets', () => {
  it('never appear in report files, evidence, logs, or screenshot pixels', async () => {
    const project = tempProject({ 'journeys/secret.journey.yaml': JOURNEY() });
    const result = await runCli(['run'], { cwd: project, env: { SHOP_PASSWORD: SECRET } });
    expect(result.code, result.stdout + result.stderr).toBe(1);
    const files = walk(join(project, 'reports'));
    const pngs = files.filter((f) => f.endsWith('.png'));
    expect(pngs.map((f) => f.split('/').pop()!.replace(/^\d+-/, '')).sort()).toEqual(['after-typing.png', 'failure.png']);
    for (const png of pngs) expect(countColour(readFileSync(png)), png).toBe(0);

    const outputs: [string, string][] = [['console', result.stdout + result.stderr], ...files.filter((f) => !f.endsWith('.png')).map((f): [string, string] => [f, readFileSync(f, 'latin1')])];
    expect(outputs.map(([f]) => f.split('/').pop()!.replace(/^\d+-/, ''))).toEqual(expect.arrayContaining(['report.json', 'report.html', 'summary.md', 'junit.xml', 'http-exchange.json']));
    for (const [file, text] of outputs) {
      for (const form of forms(SECRET)) expect(text.includes(form), `${form} in ${file}`).toBe(false);
      const withoutMarkup = text.replace(/<[^<>]*>|\\u003c[^]*?\\u003e/g, '');
      expect(withoutMarkup.includes(SECRET), `split secret in ${file}`).toBe(false);
    }
    const journey = latestReport(project).journeys[0];
    expect(journey.findings[0].message).toContain('••••••');
  }, 180_000);
});
