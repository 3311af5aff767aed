import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CannotRunError } from '../core/errors.js';
import { isFor, type MailStore } from './mail-store.js';
import { parseMessage } from './parse.js';
import type { MailSummary } from './received-mail.js';

export const API_PREFIX = '/api/v1';
const HEARTBEAT_MS = 15_000;

/**
 * The sink's HTTP API on loopback, for runner workers in other processes:
 *   GET /api/v1/health
 *   GET /api/v1/messages?to=&since=        summaries
 *   GET /api/v1/messages/:id               parsed message (headers, text, html, links)
 *   GET /api/v1/messages/:id/raw           the .eml, byte-exact
 *   GET /api/v1/events?to=&since=          server-sent events: stored, then live, messages
 */
export class SinkApi {
  private readonly server: Server;
  private readonly streams = new Set<ServerResponse>();

  constructor(
    private readonly store: MailStore,
    private readonly info: () => Record<string, unknown>,
  ) {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: Error) => send(res, 500, { error: error.message }));
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sink');
    const path = url.pathname;
    if (req.method !== 'GET') return send(res, 405, { error: 'only GET is supported' });
    const to = url.searchParams.get('to') ?? undefined;
    const since = url.searchParams.has('since') ? Number(url.searchParams.get('since')) : undefined;

    if (path === `${API_PREFIX}/health`) return send(res, 200, { ok: true, messages: this.store.count, ...this.info() });
    if (path === `${API_PREFIX}/messages`) return send(res, 200, { messages: this.store.list({ to, since }) });
    if (path === `${API_PREFIX}/events`) return this.events(req, res, to, since);

    const match = new RegExp(`^${API_PREFIX}/messages/([0-9a-f]+)(/raw)?$`).exec(path);
    const message = match ? this.store.get(match[1]) : undefined;
    if (!message) return send(res, 404, { error: 'no such message' });
    if (match?.[2]) {
      res.writeHead(200, { 'content-type': 'message/rfc822', 'content-length': message.size });
      createReadStream(message.path).pipe(res);
      return;
    }
    return send(res, 200, await parseMessage(message));
  }

  private events(req: IncomingMessage, res: ServerResponse, to: string | undefined, since: number | undefined): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.flushHeaders();
    req.socket.setNoDelay(true);
    const push = (message: MailSummary) => {
      if (isFor(message, to) && (since === undefined || message.receivedAt >= since)) {
        res.write(`event: message\nid: ${message.seq}\ndata: ${JSON.stringify(message)}\n\n`);
      }
    };
    for (const message of this.store.list({ to, since })) push(message);
    res.write(': ready\n\n');
    this.store.on('stored', push);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    this.streams.add(res);
    res.on('close', () => {
      clearInterval(heartbeat);
      this.store.off('stored', push);
      this.streams.delete(res);
    });
  }

  async listen(host: string, port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' ? new CannotRunError(`HTTP port ${port} on ${host} is already in use`, 'choose another, or 0 for any free port') : error),
      );
      this.server.listen(port, host, () => resolve());
    });
    const bound = this.server.address();
    if (!bound || typeof bound === 'string') throw new Error('sink API has no TCP address');
    return `http://${host.includes(':') ? `[${host}]` : host}:${bound.port}`;
  }

  async close(): Promise<void> {
    for (const stream of this.streams) stream.end();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}
