import { request, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { PageResponder, preferredEncoding } from '../../../src/monitor/page-response.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function get(port: number, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('page responses', () => {
  it('compresses with br or gzip as the browser accepts, and answers 304 to the ETag it already has', async () => {
    const responder = new PageResponder({ compressForLoopback: true });
    let html = `<!doctype html><title>x</title>${'<li><a class="s-passed" href="/runs/r">✓</a></li>'.repeat(2000)}`;
    server = createServer((req, res) => responder.send(req, res, html, { 'content-type': 'text/html; charset=utf-8' }, performance.now()));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    const br = await get(port, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(brotliDecompressSync(br.body).toString()).toBe(html);
    expect(br.body.length).toBeLessThan(Buffer.byteLength(html) / 20);
    const gzip = await get(port, { 'accept-encoding': 'gzip' });
    expect(gunzipSync(gzip.body).toString()).toBe(html);
    const plain = await get(port, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(html);
    expect(gzip.headers.etag).toBe(br.headers.etag);

    const again = await get(port, { 'if-none-match': String(br.headers.etag), 'accept-encoding': 'br' });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    html += '<p>a run finished</p>';
    const changed = await get(port, { 'if-none-match': String(br.headers.etag) });
    expect(changed.status).toBe(200);
    expect(changed.body.toString()).toBe(html);
  });

  it('sends a client on this machine the bytes as they are (compressing on loopback saves nothing)', async () => {
    const responder = new PageResponder();
    const html = '<!doctype html><title>x</title>'.repeat(1000);
    server = createServer((req, res) => responder.send(req, res, html, { 'content-type': 'text/html; charset=utf-8' }, performance.now()));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const answer = await get((server.address() as AddressInfo).port, { 'accept-encoding': 'gzip, br' });
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.toString()).toBe(html);
  });

  it('reads Accept-Encoding with q-values', () => {
    expect(preferredEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(preferredEncoding('identity')).toBe('identity');
    expect(preferredEncoding(undefined)).toBe('identity');
    expect(preferredEncoding('*')).toBe('br');
  });
});
