import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { isLoopback } from '../mail/sink-service.js';

/**
 * Sends a generated page the way a browser fetches it best: an ETag (a hash of the page)
 * answered with 304 when the browser already has it, and the body compressed with br or
 * gzip when the request accepts it (a 430 KB dashboard is 8 KB in br). The last page's
 * compressed bodies are kept: a page that has not changed is not compressed again.
 * A client on this machine (a browser here, or a reverse proxy that compresses itself)
 * gets the bytes as they are: on loopback compressing costs time and saves none
 * (bench/monitor measures both).
 */
export class PageResponder {
  private last?: { etag: string; bodies: Map<string, Buffer> };

  constructor(private readonly options: { compressForLoopback?: boolean } = {}) {}

  send(req: IncomingMessage, res: ServerResponse, html: string, headers: OutgoingHttpHeaders, began: number): void {
    const etag = `"${createHash('sha1').update(html).digest('base64url')}"`;
    if (this.last?.etag !== etag) this.last = { etag, bodies: new Map() };
    const common = { ...headers, etag, vary: 'accept-encoding' };
    if (matches(req.headers['if-none-match'], etag)) {
      res.writeHead(304, { ...common, 'server-timing': timing(began) });
      res.end();
      return;
    }
    const local = isLoopback(req.socket.remoteAddress ?? '') && !this.options.compressForLoopback;
    const encoding = local ? 'identity' : preferredEncoding(req.headers['accept-encoding']);
    let body = this.last.bodies.get(encoding);
    if (!body) {
      body = encode(html, encoding);
      this.last.bodies.set(encoding, body);
    }
    res.writeHead(200, { ...common, ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }), 'content-length': body.length, 'server-timing': timing(began) });
    res.end(body);
  }
}

function timing(began: number): string {
  return `page;dur=${(performance.now() - began).toFixed(1)}`;
}

function matches(header: string | undefined, etag: string): boolean {
  return header !== undefined && header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** br, then gzip, when the client accepts them (q=0 refuses); otherwise the bytes as they are. */
export function preferredEncoding(header: string | undefined): 'br' | 'gzip' | 'identity' {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

function encode(html: string, encoding: 'br' | 'gzip' | 'identity'): Buffer {
  if (encoding === 'br') return brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } });
  if (encoding === 'gzip') return gzipSync(html);
  return Buffer.from(html);
}
