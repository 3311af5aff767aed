/** The newsletter's in-memory mailing lists, with double opt-in. */
import { randomToken } from './site.js';

/** The weekly newsletter, and the other lists a reader may be put on. */
export type ListName = 'weekly' | 'deals' | 'partners';

export const LIST_NAMES: readonly ListName[] = ['weekly', 'deals', 'partners'];

export function isListName(value: string | null | undefined): value is ListName {
  return LIST_NAMES.includes(value as ListName);
}

export interface Subscriber {
  email: string;
  confirmed: boolean;
  /** Stable per subscriber; used in every unsubscribe link. */
  readonly unsubscribeToken: string;
  /** The lists the reader is on, each with the time (ms) their membership ends: Infinity while staying. */
  readonly lists: Map<ListName, number>;
}

export class SubscriberList {
  readonly #byEmail = new Map<string, Subscriber>();
  readonly #byConfirmToken = new Map<string, Subscriber>();
  readonly #byUnsubscribeToken = new Map<string, Subscriber>();
  readonly #confirmTokenOf = new Map<Subscriber, string>();

  constructor(
    /** Lists a reader joins by confirming. */
    private readonly listsOnConfirm: readonly ListName[] = ['weekly'],
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds (or re-adds) an address as pending and returns a fresh confirmation token. */
  subscribe(email: string): { subscriber: Subscriber; confirmToken: string } {
    let subscriber = this.byEmail(email);
    if (!subscriber) {
      subscriber = { email, confirmed: false, unsubscribeToken: randomToken(), lists: new Map() };
      this.#byEmail.set(email.toLowerCase(), subscriber);
      this.#byUnsubscribeToken.set(subscriber.unsubscribeToken, subscriber);
    } else if (!this.isOn(subscriber, 'weekly')) {
      // Coming back after unsubscribing needs a fresh opt-in.
      subscriber.confirmed = false;
    }
    // Only the most recent confirmation link stays valid.
    const previous = this.#confirmTokenOf.get(subscriber);
    if (previous) this.#byConfirmToken.delete(previous);
    const confirmToken = randomToken();
    this.#byConfirmToken.set(confirmToken, subscriber);
    this.#confirmTokenOf.set(subscriber, confirmToken);
    return { subscriber, confirmToken };
  }

  confirm(token: string): Subscriber | undefined {
    const subscriber = this.#byConfirmToken.get(token);
    if (!subscriber) return undefined;
    subscriber.confirmed = true;
    for (const list of this.listsOnConfirm) this.join(subscriber, list);
    return subscriber;
  }

  byEmail(email: string): Subscriber | undefined {
    return this.#byEmail.get(email.toLowerCase());
  }

  byUnsubscribeToken(token: string): Subscriber | undefined {
    return this.#byUnsubscribeToken.get(token);
  }

  join(subscriber: Subscriber, list: ListName): void {
    subscriber.lists.set(list, Infinity);
  }

  /** Takes the reader off `list` now, or at `effectiveAt` (ms) when the site takes its time. */
  leave(subscriber: Subscriber, list: ListName, effectiveAt = this.now()): void {
    if (subscriber.lists.has(list)) subscriber.lists.set(list, Math.min(subscriber.lists.get(list) ?? Infinity, effectiveAt));
  }

  isOn(subscriber: Subscriber, list: ListName): boolean {
    return subscriber.confirmed && (subscriber.lists.get(list) ?? -Infinity) > this.now();
  }

  /** Everyone who confirmed and is on `list` right now. */
  activeOn(list: ListName): Subscriber[] {
    return [...this.#byEmail.values()].filter((s) => this.isOn(s, list));
  }
}
