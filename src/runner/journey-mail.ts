import { shortId } from '../core/ids.js';
import { addressesOf } from '../mail/addresses.js';
import { MailboxWatcher } from '../mail/mailbox-watcher.js';
import type { MailQuery, MailSummary, ReceivedMail } from '../mail/received-mail.js';
import type { SinkClient } from '../mail/sink-client.js';
import type { JourneyMail } from '../steps/step-context.js';

/**
 * The journey's mailboxes: a unique address per mailbox per attempt (parallel journeys
 * and repeated runs never see each other's mail), a live watcher on each, and the
 * journey's reading position ("read" mail is not matched again).
 */
export class JourneyMailboxes implements JourneyMail {
  private readonly addresses = new Map<string, string>();
  private readonly watchers = new Map<string, MailboxWatcher>();
  /** Mail each mailbox's steps already matched: one message delivered to two mailboxes is read once per mailbox. */
  private readonly read = new Map<string, Set<string>>();
  /** End of the last mail step: expectNoEmail looks at mail from here on. */
  private cursor: number;
  /** End of the last mail step on each mailbox: a mailbox's own reading position wins over the journey's. */
  private readonly cursors = new Map<string, number>();
  /** When each mailbox's customer last unsubscribed: no-mail windows start no earlier. */
  private readonly unsubscribedAt = new Map<string, number>();
  /** Per mailbox: when the customer first acted on the site (a click, a request, a mail) after that mailbox was last read. */
  private readonly actedAt = new Map<string, number>();

  constructor(
    private readonly client: SinkClient | undefined,
    names: string[],
    domain: string,
    startedAt: number,
    /** A resumed observation keeps its mailbox's address, and watches from its start. */
    resumed?: { mailbox: string; address: string; since: number },
  ) {
    this.cursor = startedAt;
    const token = shortId(3);
    for (const name of names) {
      const kept = resumed?.mailbox === name ? resumed : undefined;
      const address = kept?.address ?? `${name.toLowerCase()}.${token}@${domain}`;
      this.addresses.set(name, address);
      if (client) this.watchers.set(name, new MailboxWatcher(client, address, kept ? Math.min(kept.since, startedAt) : startedAt));
    }
  }

  get all(): Record<string, string> {
    return Object.fromEntries(this.addresses);
  }

  address(mailbox: string): string {
    const address = this.addresses.get(mailbox);
    if (!address) throw new Error(`unknown mailbox "${mailbox}"`);
    return address;
  }

  async waitFor(mailbox: string, query: MailQuery, timeoutMs: number): Promise<ReceivedMail | undefined> {
    const summary = await this.watcher(mailbox).next({ ...query, exclude: this.readBy(mailbox) }, timeoutMs);
    this.moveCursor(mailbox);
    if (!summary) return undefined;
    this.readBy(mailbox).add(summary.id);
    return this.parse(summary);
  }

  async collect(mailbox: string, query: MailQuery, windowMs: number, options: { afterUnsubscribe?: boolean } = {}): Promise<ReceivedMail[]> {
    const watcher = this.watcher(mailbox);
    await watcher.ready;
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const readingPosition = this.cursors.get(mailbox) ?? this.cursor;
    const acted = this.actedAt.get(mailbox) ?? 0;
    const since = query.since ?? (options.afterUnsubscribe ? Math.max(readingPosition, this.unsubscribedAt.get(mailbox) ?? 0, acted >= readingPosition ? acted : 0) : readingPosition);
    const found = watcher.matching({ ...query, since, exclude: this.readBy(mailbox) });
    this.moveCursor(mailbox);
    return Promise.all(found.map((summary) => this.parse(summary)));
  }

  /**
   * The customer is about to act on the site (a step with side effects). A no-mail window
   * opens no earlier than the first such act after the mailbox was last read: mail that came
   * before the customer did anything (another subscriber's campaign, say) is no broken promise.
   */
  customerActs(): void {
    const now = Date.now();
    for (const mailbox of this.addresses.keys()) {
      const acted = this.actedAt.get(mailbox);
      if (acted === undefined || acted < (this.cursors.get(mailbox) ?? this.cursor)) this.actedAt.set(mailbox, now);
    }
  }

  unsubscribedNow(mailbox: string): void {
    this.unsubscribedAt.set(mailbox, Date.now());
  }

  /** The journey's mailboxes a message was delivered to (its SMTP envelope; the To/Cc headers when there is none). */
  mailboxesOf(mail: MailSummary): string[] {
    const recipients = new Set((mail.envelopeTo.length ? mail.envelopeTo : mail.to.flatMap((to) => addressesOf(to))).map((a) => a.toLowerCase()));
    return [...this.addresses].filter(([, address]) => recipients.has(address.toLowerCase())).map(([name]) => name);
  }

  /** Every message that reached any of the journey's addresses. */
  received(): MailSummary[] {
    const seen = new Map<string, MailSummary>();
    for (const watcher of this.watchers.values()) for (const m of watcher.matching({})) seen.set(m.id, m);
    return [...seen.values()].sort((a, b) => a.seq - b.seq);
  }

  close(): void {
    for (const watcher of this.watchers.values()) watcher.close();
  }

  private moveCursor(mailbox: string): void {
    this.cursor = Date.now();
    this.cursors.set(mailbox, this.cursor);
  }

  private readBy(mailbox: string): Set<string> {
    let read = this.read.get(mailbox);
    if (!read) this.read.set(mailbox, (read = new Set()));
    return read;
  }

  private watcher(mailbox: string): MailboxWatcher {
    const watcher = this.watchers.get(mailbox);
    if (!watcher) throw new Error(this.client ? `unknown mailbox "${mailbox}"` : 'no mail sink is running for this run');
    return watcher;
  }

  /** The sink parses (its process has mailparser loaded and a core to spare); workers stay light. */
  private parse(summary: MailSummary): Promise<ReceivedMail> {
    return this.client!.get(summary.id);
  }
}
