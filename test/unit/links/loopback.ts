import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';

/** A real HTTP server on 127.0.0.1 that counts every request it gets, by path. */
export interface Loopback {
  url: string;
  /** Requests per path (query included), all methods. */
  hits: Map<string, number>;
  /** `METHOD path` of every request, in order. */
  log: string[];
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

export async function serve(routes: Record<string, Handler>, fallback?: Handler): Promise<Loopback> {
  const hits = new Map<string, number>();
  const log: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const key = url.pathname + url.search;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    log.push(`${req.method} ${key}`);
    const handler = routes[url.pathname] ?? fallback;
    if (handler) handler(req, res, url);
    else {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<title>404 Not Found</title><h1>Not Found</h1>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function html(body: string, status = 200, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  };
}

export function redirect(to: string, status = 302): Handler {
  return (_req, res) => {
    res.writeHead(status, { location: to });
    res.end();
  };
}

/** A port nothing listens on (connection refused). */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A page with real content: long enough not to count as an empty shell. */
export function article(title: string, words = 400, extra = ''): string {
  const text = Array.from({ length: words }, (_, i) => ['books', 'reading', 'chapter', 'author', 'story', 'library', 'page', 'index'][i % 8] + (i % 13)).join(' ');
  return `<!doctype html><html><head><title>${title}</title></head><body><nav><a href="/">Home</a></nav><main><h1>${title}</h1>${extra}<p>${text}</p></main></body></html>`;
}
