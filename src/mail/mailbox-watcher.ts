import { matchesQuery, type MailQuery, type MailSummary } from './received-mail.js';
import type { SinkClient, Subscription } from './sink-client.js';

/**
 * Keeps one live subscription per mailbox address for a whole journey, so a wait
 * resolves the moment the sink stores a matching message (no polling).
 */
export class MailboxWatcher {
  private readonly messages: MailSummary[] = [];
  private readonly waiters = new Set<(message: MailSummary) => void>();
  private readonly subscription: Subscription;

  constructor(client: SinkClient, readonly address: string, since: number) {
    this.subscription = client.subscribe(address, since, (message) => {
      this.messages.push(message);
      for (const waiter of this.waiters) waiter(message);
    });
  }

  get ready(): Promise<void> {
    return this.subscription.ready;
  }

  /** Messages received so far that match. */
  matching(query: MailQuery): MailSummary[] {
    return this.messages.filter((m) => matchesQuery(m, query));
  }

  /** The first matching message, already here or the next to arrive; undefined on timeout. */
  async next(query: MailQuery, timeoutMs: number): Promise<MailSummary | undefined> {
    await this.ready;
    const present = this.matching(query)[0];
    if (present) return present;
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      const waiter = (message: MailSummary) => {
        if (matchesQuery(message, query)) finish(message);
      };
      const finish = (message: MailSummary | undefined) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(message);
      };
      this.waiters.add(waiter);
    });
  }

  close(): void {
    this.subscription.close();
    this.waiters.clear();
  }
}
