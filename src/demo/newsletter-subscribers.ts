/** The newsletter's in-memory mailing list, with double opt-in. */
import { randomToken } from './site.js';

export interface Subscriber {
  email: string;
  confirmed: boolean;
  unsubscribed: boolean;
  /** Stable per subscriber; used in every unsubscribe link. */
  readonly unsubscribeToken: string;
}

export class SubscriberList {
  readonly #byEmail = new Map<string, Subscriber>();
  readonly #byConfirmToken = new Map<string, Subscriber>();
  readonly #byUnsubscribeToken = new Map<string, Subscriber>();
  readonly #confirmTokenOf = new Map<Subscriber, string>();

  /** Adds (or re-adds) an address as pending and returns a fresh confirmation token. */
  subscribe(email: string): { subscriber: Subscriber; confirmToken: string } {
    const key = email.toLowerCase();
    let subscriber = this.#byEmail.get(key);
    if (!subscriber) {
      subscriber = { email, confirmed: false, unsubscribed: false, unsubscribeToken: randomToken() };
      this.#byEmail.set(key, subscriber);
      this.#byUnsubscribeToken.set(subscriber.unsubscribeToken, subscriber);
    } else if (subscriber.unsubscribed) {
      // Coming back after unsubscribing needs a fresh opt-in.
      subscriber.unsubscribed = false;
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
    if (subscriber) subscriber.confirmed = true;
    return subscriber;
  }

  byUnsubscribeToken(token: string): Subscriber | undefined {
    return this.#byUnsubscribeToken.get(token);
  }

  unsubscribe(subscriber: Subscriber): void {
    subscriber.unsubscribed = true;
  }

  /** Everyone who confirmed and has not unsubscribed since. */
  activeSubscribers(): Subscriber[] {
    return [...this.#byEmail.values()].filter((s) => s.confirmed && !s.unsubscribed);
  }
}
