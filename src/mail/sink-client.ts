import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MailAuthentication } from './authenticate.js';
import type { MailFilter } from './mail-filter.js';
import { API_PREFIX } from './sink-api.js';
import type { MailSummary, ReceivedMail } from './received-mail.js';
import type { HostPort } from '../core/host-port.js';

export interface Subscription {
  /** Resolves once the stored messages were replayed and live ones will follow. */
  ready: Promise<void>;
  close(): void;
}

/** What a sink says about itself (`GET /api/v1/health`). */
export interface SinkHealth {
  ok: boolean;
  api: string;
  messages: number;
  smtp?: HostPort & { starttls?: boolean; implicitTlsPort?: number; auth?: boolean; maxSize?: number };
  domain?: string;
  retentionMs?: number;
}

export interface SinkClientOptions {
  /** Bearer token of a sink service; default: JOURNEY_AUDIT_SINK_TOKEN from the environment. */
  token?: string;
  /**
   * A local folder to copy each message's raw .eml into (a shared sink keeps its files on
   * its own machine); the summaries handed out then point at the copies.
   */
  mirrorDir?: string;
}

export const SINK_TOKEN_ENV = 'JOURNEY_AUDIT_SINK_TOKEN';

export class SinkHttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Talks to a sink's HTTP API from another process (a runner worker, the reporter, a CI job). */
export class SinkClient {
  private readonly headers: Record<string, string>;
  private readonly mirrorDir?: string;

  constructor(
    readonly api: string,
    options: SinkClientOptions = {},
  ) {
    const token = options.token ?? process.env[SINK_TOKEN_ENV];
    this.headers = token ? { authorization: `Bearer ${token}` } : {};
    this.mirrorDir = options.mirrorDir;
    if (this.mirrorDir) mkdirSync(this.mirrorDir, { recursive: true });
  }

  async health(): Promise<SinkHealth> {
    return (await this.json(`${API_PREFIX}/health`)) as SinkHealth;
  }

  async list(query: MailFilter & { limit?: number } = {}): Promise<MailSummary[]> {
    const body = (await this.json(`${API_PREFIX}/messages?${searchParams(query)}`)) as { messages: MailSummary[] };
    return Promise.all(body.messages.map((m) => this.local(m)));
  }

  async count(query: MailFilter = {}): Promise<number> {
    return ((await this.json(`${API_PREFIX}/messages/count?${searchParams(query)}`)) as { count: number }).count;
  }

  async get(id: string): Promise<ReceivedMail> {
    return this.local((await this.json(`${API_PREFIX}/messages/${encodeURIComponent(id)}`)) as ReceivedMail);
  }

  async raw(id: string): Promise<Buffer> {
    const response = await this.fetch(`${API_PREFIX}/messages/${encodeURIComponent(id)}/raw`);
    return Buffer.from(await response.arrayBuffer());
  }

  /** DKIM (and SPF/DMARC/ARC) results of a message, checked by the sink with its DNS. */
  async authentication(id: string): Promise<MailAuthentication> {
    return (await this.json(`${API_PREFIX}/messages/${encodeURIComponent(id)}/authentication`)) as MailAuthentication;
  }

  /** The first message matching (already stored or the next to arrive); undefined at the timeout. */
  async wait(query: MailFilter, timeoutMs: number): Promise<MailSummary | undefined> {
    const response = await this.fetch(`${API_PREFIX}/messages/wait?${searchParams({ ...query, timeout: timeoutMs })}`);
    if (response.status === 204) return undefined;
    return this.local(((await response.json()) as { message: MailSummary }).message);
  }

  async delete(id: string): Promise<boolean> {
    const response = await fetch(`${this.api}${API_PREFIX}/messages/${encodeURIComponent(id)}`, { method: 'DELETE', headers: this.headers });
    if (response.status === 404) return false;
    if (!response.ok) throw new SinkHttpError(`sink DELETE message: HTTP ${response.status}`, response.status);
    return true;
  }

  /** Deletes every message matching (every message for an empty query); returns how many. */
  async deleteWhere(query: MailFilter = {}): Promise<number> {
    const response = await this.fetch(`${API_PREFIX}/messages?${searchParams(query)}`, 'DELETE');
    return ((await response.json()) as { deleted: number }).deleted;
  }

  /** Server-sent events for one address: every stored message since `since`, then live ones. */
  subscribe(to: string, since: number, onMessage: (message: MailSummary) => void): Subscription {
    const abort = new AbortController();
    let markReady!: () => void;
    let fail!: (error: Error) => void;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      fail = reject;
    });
    ready.catch(() => undefined);
    const params = new URLSearchParams({ to, since: String(since) });
    (async () => {
      const response = await fetch(`${this.api}${API_PREFIX}/events?${params}`, { signal: abort.signal, headers: this.headers });
      if (!response.ok || !response.body) throw new SinkHttpError(`sink events: HTTP ${response.status}`, response.status);
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (event === ': ready') markReady();
          const data = event.split('\n').find((line) => line.startsWith('data: '));
          if (data) {
            const message = JSON.parse(data.slice(6)) as MailSummary;
            onMessage(this.mirrorDir ? await this.local(message) : message);
          }
        }
      }
    })().catch((error: Error) => {
      if (!abort.signal.aborted) fail(error);
    });
    return { ready, close: () => abort.abort() };
  }

  /** With a mirror folder: the raw file copied there once, and the summary pointing at it. */
  private async local<T extends MailSummary>(message: T): Promise<T> {
    if (!this.mirrorDir) return message;
    const path = join(this.mirrorDir, `${String(message.seq).padStart(5, '0')}-${message.id}.eml`);
    await writeFile(path, await this.raw(message.id), { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    const { offset: _inSegment, ...copy } = message; // the copy is a file of its own
    return { ...copy, path } as T;
  }

  private async fetch(path: string, method = 'GET'): Promise<Response> {
    const response = await fetch(`${this.api}${path}`, { method, headers: this.headers });
    if (!response.ok) {
      const hint = response.status === 401 ? ' (wrong or missing token: --sink-token or JOURNEY_AUDIT_SINK_TOKEN)' : '';
      throw new SinkHttpError(`sink ${method} ${path.split('?')[0]}: HTTP ${response.status}${hint}`, response.status);
    }
    return response;
  }

  private async json(path: string): Promise<unknown> {
    return (await this.fetch(path)).json();
  }
}

function searchParams(query: object): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query) as [string, unknown][]) if (value !== undefined && value !== '') params.set(key, String(value));
  return params;
}
