import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CannotRunError } from '../core/errors.js';
import { parseDuration } from '../core/duration.js';
import { matchesFilter, type MailFilter } from './mail-filter.js';
import type { MailStore } from './mail-store.js';
import { parseMessage } from './parse.js';
import { rawStream, readRaw } from './raw-message.js';
import type { MailSummary } from './received-mail.js';
import { sameSecret } from './smtp-sink.js';

export const API_PREFIX = '/api/v1';
const HEARTBEAT_MS = 15_000;
export const DEFAULT_WAIT_MS = 30_000;
export const MAX_WAIT_MS = 5 * 60_000;

export interface SinkApiOptions {
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token?: string;
}

/**
 * The sink's HTTP API (version 1; docs/sink.md is its reference):
 *   GET    /api/v1/health
 *   GET    /api/v1/messages?to=&from=&subject=&since=&until=&limit=   summaries
 *   GET    /api/v1/messages/count?…same filter…                       { count }
 *   GET    /api/v1/messages/wait?…same filter…&timeout=               first match, or 204 at the timeout
 *   GET    /api/v1/messages/:id                                       parsed (headers, text, html, links)
 *   GET    /api/v1/messages/:id/raw                                   the .eml, byte-exact
 *   GET    /api/v1/messages/:id/authentication                        DKIM (and SPF/DMARC/ARC) results
 *   DELETE /api/v1/messages/:id                                       one
 *   DELETE /api/v1/messages?…same filter…                             all matching (all without a filter)
 *   GET    /api/v1/events?…same filter…                               server-sent events: stored, then live
 */
export class SinkApi {
  private readonly server: Server;
  private readonly streams = new Set<ServerResponse>();

  constructor(
    private readonly store: MailStore,
    private readonly info: () => Record<string, unknown>,
    private readonly options: SinkApiOptions = {},
  ) {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: Error) => {
        if (error instanceof BadRequest) send(res, 400, { error: error.message });
        else if (!res.headersSent) send(res, 500, { error: error.message });
        else res.destroy();
      });
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sink');
    const path = url.pathname;
    if (!path.startsWith(`${API_PREFIX}/`)) return send(res, 404, { error: `unknown path; the API is under ${API_PREFIX}/` });
    if (!this.authorized(req)) {
      res.setHeader('www-authenticate', 'Bearer realm="journey-audit sink"');
      return send(res, 401, { error: 'missing or wrong token: send Authorization: Bearer <token>' });
    }
    const method = req.method ?? 'GET';
    const route = path.slice(API_PREFIX.length);

    if (route === '/health' && method === 'GET') return send(res, 200, { ok: true, api: 'v1', messages: this.store.count, ...this.info() });
    if (route === '/messages') {
      const filter = readFilter(url);
      if (method === 'GET') {
        const messages = this.store.list(filter);
        const limit = readLimit(url);
        return send(res, 200, { count: messages.length, messages: limit === undefined ? messages : messages.slice(Math.max(0, messages.length - limit)) });
      }
      if (method === 'DELETE') return send(res, 200, { deleted: this.store.deleteWhere(filter) });
      return notAllowed(res, 'GET, DELETE');
    }
    if (route === '/messages/count') return method === 'GET' ? send(res, 200, { count: this.store.countWhere(readFilter(url)) }) : notAllowed(res, 'GET');
    if (route === '/messages/wait') return method === 'GET' ? this.wait(req, res, url) : notAllowed(res, 'GET');
    if (route === '/events') return method === 'GET' ? this.events(req, res, readFilter(url)) : notAllowed(res, 'GET');

    const match = /^\/messages\/([0-9a-f]+)(\/raw|\/authentication)?$/.exec(route);
    if (!match) return send(res, 404, { error: 'no such endpoint' });
    const message = this.store.get(match[1]);
    if (!message) return send(res, 404, { error: 'no such message' });
    if (method === 'DELETE' && !match[2]) {
      this.store.delete(message.id);
      return send(res, 200, { deleted: 1 });
    }
    if (method !== 'GET') return notAllowed(res, match[2] ? 'GET' : 'GET, DELETE');
    if (match[2] === '/authentication') {
      const { authenticateMail } = await import('./authenticate.js');
      return send(res, 200, await authenticateMail(await readRaw(message)));
    }
    if (match[2]) {
      const file = rawStream(message);
      let started = false;
      const start = () => {
        if (started) return;
        started = true;
        res.writeHead(200, { 'content-type': 'message/rfc822', 'content-length': message.size });
        file.pipe(res);
      };
      if (message.size === 0) start();
      else file.once('open', start);
      file.once('error', () => (started ? res.destroy() : send(res, 410, { error: 'the message was deleted' })));
      return;
    }
    return send(res, 200, await parseMessage(message));
  }

  private authorized(req: IncomingMessage): boolean {
    if (!this.options.token) return true;
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    return match !== null && sameSecret(match[1].trim(), this.options.token);
  }

  private async wait(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const filter = readFilter(url);
    const timeoutText = url.searchParams.get('timeout');
    const timeout = timeoutText === null ? DEFAULT_WAIT_MS : parseDuration(/^\d+$/.test(timeoutText) ? Number(timeoutText) : timeoutText);
    if (timeout === undefined) throw new BadRequest(`timeout=${timeoutText}: expected milliseconds or a duration such as 30s`);
    const abort = new AbortController();
    const onClose = () => abort.abort();
    res.on('close', onClose);
    const message = await this.store.waitFor(filter, Math.min(timeout, MAX_WAIT_MS), abort.signal);
    res.off('close', onClose);
    if (abort.signal.aborted) return;
    if (!message) {
      res.writeHead(204);
      res.end();
      return;
    }
    send(res, 200, { message });
  }

  private events(req: IncomingMessage, res: ServerResponse, filter: MailFilter): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.flushHeaders();
    req.socket.setNoDelay(true);
    const push = (message: MailSummary) => {
      if (matchesFilter(message, filter)) res.write(`event: message\nid: ${message.seq}\ndata: ${JSON.stringify(message)}\n\n`);
    };
    for (const message of this.store.list(filter)) push(message);
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

class BadRequest extends Error {}

/** to, from, subject, since, until from the query string; times as ms since epoch or ISO 8601. */
export function readFilter(url: URL): MailFilter {
  const get = (name: string) => url.searchParams.get(name) || undefined;
  return { to: get('to'), from: get('from'), subject: get('subject'), since: readTime(url, 'since'), until: readTime(url, 'until') };
}

function readTime(url: URL, name: string): number | undefined {
  const value = url.searchParams.get(name);
  if (!value) return undefined;
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(time)) throw new BadRequest(`${name}=${value}: expected milliseconds since 1970 or an ISO 8601 time`);
  return time;
}

function readLimit(url: URL): number | undefined {
  const value = url.searchParams.get('limit');
  if (value === null) return undefined;
  if (!/^\d+$/.test(value)) throw new BadRequest(`limit=${value}: expected a whole number`);
  return Number(value);
}

function notAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  send(res, 405, { error: `method not allowed; use ${allow}` });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}
