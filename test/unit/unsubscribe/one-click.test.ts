import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatExchange, postOneClick } from '../../../src/unsubscribe/one-click.js';
import { budget } from '../../support/time-budget.js';

/** A real loopback server whose routes behave like the senders we meet. */
interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
const seen: Seen[] = [];
let server: http.Server;
let base: string;
const hanging = new Set<http.ServerResponse>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      switch (path) {
        case '/ok':
          res.writeHead(200, { 'content-type': 'text/plain' }).end('You are unsubscribed.');
          break;
        case '/redirect':
          res.writeHead(302, { location: '/confirm' }).end();
          break;
        case '/needs-cookie':
          if (req.headers.cookie?.includes('session=')) res.writeHead(200).end('ok');
          else res.writeHead(401, { 'content-type': 'text/html', 'set-cookie': 'session=abc' }).end('<h1>Please log in</h1>');
          break;
        case '/error':
          res.writeHead(500).end('Internal Server Error');
          break;
        case '/hang':
          hanging.add(res);
          break;
        case '/endless': {
          res.writeHead(200, { 'content-type': 'text/plain' });
          const chunk = Buffer.alloc(64 * 1024, 'x');
          const pump = () => {
            while (!res.destroyed && res.write(chunk));
            if (!res.destroyed) res.once('drain', pump);
          };
          pump();
          break;
        }
        case '/multipart-only':
          if (String(req.headers['content-type']).startsWith('multipart/form-data')) res.writeHead(200).end('done');
          else res.writeHead(415).end('multipart please');
          break;
        default:
          res.writeHead(404).end('not found');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const last = () => seen[seen.length - 1];

describe('postOneClick against real loopback servers', () => {
  it('200: passes, sends exactly the RFC 8058 request', async () => {
    const x = await postOneClick(`${base}/ok?u=anna%40example.org&l=weekly`, { timeoutMs: 3000 });
    expect(x).toMatchObject({ outcome: 'ok', verdict: 'passed', response: { status: 200, body: 'You are unsubscribed.' } });
    expect(x.problems).toEqual([]);
    const req = last();
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/ok?u=anna%40example.org&l=weekly');
    expect(req.body).toBe('List-Unsubscribe=One-Click');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.headers.cookie).toBeUndefined();
    expect(req.headers.authorization).toBeUndefined();
  });

  it('302: a redirect is a finding and is not followed', async () => {
    const before = seen.length;
    const x = await postOneClick(`${base}/redirect`, { timeoutMs: 3000 });
    expect(x.outcome).toBe('redirect');
    expect(x.problems[0]).toMatchObject({ code: 'UNSUB_ONE_CLICK_REDIRECT', rule: 'RFC8058-3' });
    expect(x.problems[0]?.message).toMatch(/redirect to \/confirm/);
    expect(seen.length).toBe(before + 1); // /confirm was never requested
  });

  it('401 wanting a cookie: fails, and the cookie it sets is never sent back', async () => {
    const first = await postOneClick(`${base}/needs-cookie`, { timeoutMs: 3000 });
    const second = await postOneClick(`${base}/needs-cookie`, { timeoutMs: 3000 });
    for (const x of [first, second]) {
      expect(x.problems[0]).toMatchObject({ code: 'UNSUB_ONE_CLICK_FAILED', rule: 'RFC8058-2' });
      expect(x.problems[0]?.message).toMatch(/401.*login or a cookie/);
    }
    expect(last().headers.cookie).toBeUndefined();
  });

  it('500: fails', async () => {
    const x = await postOneClick(`${base}/error`, { timeoutMs: 3000 });
    expect(x).toMatchObject({ outcome: 'http-error', verdict: 'failed', response: { status: 500 } });
  });

  it('a server that never answers: fails within its timeout', async () => {
    const started = Date.now();
    const x = await postOneClick(`${base}/hang`, { timeoutMs: 400 });
    expect(Date.now() - started).toBeLessThan(budget(2000));
    expect(x).toMatchObject({ outcome: 'timeout', verdict: 'failed' });
    expect(x.problems[0]?.message).toMatch(/did not answer in time/);
  });

  it('an endless answer: reading stops at the cap and it fails', async () => {
    const started = Date.now();
    // The cap ends it, well before the timeout.
    const x = await postOneClick(`${base}/endless`, { timeoutMs: budget(10_000), maxBodyBytes: 10 * 1024 * 1024 });
    expect(Date.now() - started).toBeLessThan(budget(5000));
    expect(x.outcome).toBe('oversized');
    expect(x.response?.bodyBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(x.response?.body.length).toBeLessThanOrEqual(16_000);
    expect(x.response?.truncated).toBe(true);
  });

  it('multipart encoding', async () => {
    const x = await postOneClick(`${base}/multipart-only`, { timeoutMs: 3000, encoding: 'multipart' });
    expect(x.verdict).toBe('passed');
    const req = last();
    const boundary = /boundary=(.+)$/.exec(String(req.headers['content-type']))![1];
    expect(req.body).toBe(`--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`);
    const form = await postOneClick(`${base}/multipart-only`, { timeoutMs: 3000 });
    expect(form.response?.status).toBe(415);
  });

  it('connection refused and unusable URLs end as failures, never throws', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await postOneClick(`http://127.0.0.1:${port}/x`, { timeoutMs: 2000 });
    expect(refused).toMatchObject({ outcome: 'connection-error', verdict: 'failed' });
    expect(refused.error).toMatch(/ECONNREFUSED/);
    for (const bad of ['not a url', 'mailto:x@y.z', 'https://exa mple.com/u']) {
      expect(await postOneClick(bad, { timeoutMs: 500 })).toMatchObject({ outcome: 'invalid-url', verdict: 'failed' });
    }
  });

  it('never sends credentials written into the URL', async () => {
    await postOneClick(`http://user:secret@127.0.0.1:${new URL(base).port}/ok`, { timeoutMs: 3000 });
    expect(last().headers.authorization).toBeUndefined();
  });

  it('formatExchange renders the request and the answer', async () => {
    const x = await postOneClick(`${base}/redirect?t=1`, { timeoutMs: 3000 });
    const text = formatExchange(x);
    expect(text).toContain('> POST /redirect?t=1 HTTP/1.1');
    expect(text).toContain('> List-Unsubscribe=One-Click');
    expect(text).toContain('< HTTP 302 Found');
    expect(text).toMatch(/< location: \/confirm/i);
    expect(text).toContain('UNSUB_ONE_CLICK_REDIRECT (RFC8058-3)');
    const hung = formatExchange(await postOneClick(`${base}/hang`, { timeoutMs: 200 }));
    expect(hung).toContain('< (no answer)');
  });
});
