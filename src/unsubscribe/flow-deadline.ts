/**
 * The one deadline of an unsubscribe walk: every page action and every wait of the walk
 * is bounded by it, so the walk ends in time whatever the site does.
 */
import { withDeadline } from '../core/deadline.js';

/** The walk ran out of time. */
export class FlowTimeout extends Error {}

export class FlowDeadline {
  private readonly endsAt: number;

  constructor(private readonly timeoutMs: number) {
    this.endsAt = Date.now() + timeoutMs;
  }

  /** Milliseconds left, never less than 1 (a timeout of 0 would mean "no timeout" to Playwright). */
  left(): number {
    return Math.max(1, this.endsAt - Date.now());
  }

  /** Races `work` against the deadline; `what` names the work in the timeout's message. */
  bound<T>(work: Promise<T>, what: string): Promise<T> {
    return withDeadline(work, this.left(), () => new FlowTimeout(`the unsubscribe flow did not finish within ${this.timeoutMs} ms (${what})`));
  }

  /** Waits `ms`, or what is left of the walk's time. */
  pause(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.min(ms, this.left())));
  }

  /** Waits until `condition` holds, `ms` have passed or the walk's time is up, whichever comes first. */
  async waitUntil(condition: () => boolean, ms: number): Promise<void> {
    const until = Math.min(Date.now() + ms, this.endsAt);
    while (!condition() && Date.now() < until) await this.pause(25);
  }
}
