import { createServer, type RequestListener, type Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import { LinkChecker } from '../../../src/links/index.js';
import { article } from './loopback.js';

/**
 * Servers close idle kept-alive connections; a request sent on one at the moment it is
 * closed fails before any answer (ECONNRESET, "other side closed"). Such a request is sent
 * again on a connection of its own: the link is not reported broken.
 */

const answer: RequestListener = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(article('Kept alive', 60));
};

async function checkAll(server: Server, count: number) {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const checker = new LinkChecker({ requestTimeoutMs: 5_000, soft404Probe: false, perHostConcurrency: 4, concurrency: 4 });
  try {
    const results = await checker.check(Array.from({ length: count }, (_, i) => ({ url: `${url}/page-${i}`, text: '', parent: 't', tag: 'a' })));
    return results.filter((r) => r.state !== 'ok').map((r) => `${r.url}: ${r.state} ${r.reason} ${r.detail ?? ''}`);
  } finally {
    await checker.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('kept-alive connections closed by the server', () => {
  it('a connection closed just as a request arrives on it: the request is sent again, no link is broken', async () => {
    // Every connection answers one request; the next one on it is met by the close.
    let dropped = 0;
    const answered = new WeakSet<object>();
    const server = createServer((req, res) => {
      if (answered.has(req.socket)) {
        dropped++;
        req.socket.destroy();
        return;
      }
      answered.add(req.socket);
      answer(req, res);
    });
    expect(await checkAll(server, 60)).toEqual([]);
    expect(dropped).toBeGreaterThan(0);
  });

  it('a server closing idle connections after 1 ms: no link is broken', async () => {
    const server = createServer(answer);
    server.keepAliveTimeout = 1;
    expect(await checkAll(server, 300)).toEqual([]);
  });
});
