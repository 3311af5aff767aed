import { API_PREFIX } from './sink-api.js';
import type { MailSummary, ReceivedMail } from './received-mail.js';

export interface Subscription {
  /** Resolves once the stored messages were replayed and live ones will follow. */
  ready: Promise<void>;
  close(): void;
}

/** Talks to a sink's HTTP API from another process (a runner worker, the reporter). */
export class SinkClient {
  constructor(private readonly api: string) {}

  async list(query: { to?: string; since?: number } = {}): Promise<MailSummary[]> {
    const params = new URLSearchParams();
    if (query.to) params.set('to', query.to);
    if (query.since !== undefined) params.set('since', String(query.since));
    const body = (await this.json(`${API_PREFIX}/messages?${params}`)) as { messages: MailSummary[] };
    return body.messages;
  }

  async get(id: string): Promise<ReceivedMail> {
    return (await this.json(`${API_PREFIX}/messages/${encodeURIComponent(id)}`)) as ReceivedMail;
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
      const response = await fetch(`${this.api}${API_PREFIX}/events?${params}`, { signal: abort.signal });
      if (!response.ok || !response.body) throw new Error(`sink events: HTTP ${response.status}`);
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
          if (data) onMessage(JSON.parse(data.slice(6)) as MailSummary);
        }
      }
    })().catch((error: Error) => {
      if (!abort.signal.aborted) fail(error);
    });
    return { ready, close: () => abort.abort() };
  }

  private async json(path: string): Promise<unknown> {
    const response = await fetch(`${this.api}${path}`);
    if (!response.ok) throw new Error(`sink ${path}: HTTP ${response.status}`);
    return response.json();
  }
}
