/** How soon a request should start when it has to wait for a slot. */
export type RequestPriority = 'first' | 'normal';

/** One slot in this many goes to a `normal` waiter even while `first` ones wait: none waits for ever. */
const NORMAL_SHARE = 8;

/**
 * A counting semaphore: at most `size` holders at a time. Waiters asking with priority
 * `first` are let in before `normal` ones, the latest first: a crawl's pages ask so, and
 * the links of the page read last are requested before pages found long ago, which wait
 * either way (no link found waits for the rest of the site to be read, a slow one least
 * of all). `normal` waiters are let in first come first served, and get one slot in
 * NORMAL_SHARE meanwhile.
 */
export class Slots {
  private used = 0;
  private released = 0;
  private readonly waiting: Record<RequestPriority, (() => void)[]> = { first: [], normal: [] };
  constructor(private readonly size: number) {}

  async acquire(priority: RequestPriority = 'normal'): Promise<void> {
    if (this.used < this.size) {
      this.used++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting[priority].push(resolve));
  }

  release(): void {
    const { first, normal } = this.waiting;
    const normalTurn = ++this.released % NORMAL_SHARE === 0;
    const next = (normalTurn ? normal.shift() : undefined) ?? first.pop() ?? normal.shift();
    if (next) next();
    else this.used--;
  }
}

/**
 * Limits requests in flight in all and per host, and the rate at which each host's
 * requests start. A holder waiting for a host takes no global slot meanwhile.
 */
export class RequestLimiter {
  private readonly global: Slots;
  private readonly hosts = new Map<string, { slots: Slots; nextStart: number }>();

  constructor(private readonly limits: { concurrency: number; perHostConcurrency: number; perHostRatePerSecond: number }) {
    this.global = new Slots(Math.max(1, limits.concurrency));
  }

  async run<T>(host: string, task: () => Promise<T>, priority: RequestPriority = 'normal'): Promise<T> {
    const entry = this.host(host);
    await entry.slots.acquire(priority);
    try {
      if (this.limits.perHostRatePerSecond > 0) {
        const now = Date.now();
        const start = Math.max(now, entry.nextStart);
        entry.nextStart = start + 1000 / this.limits.perHostRatePerSecond;
        if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
      }
      await this.global.acquire(priority);
      try {
        return await task();
      } finally {
        this.global.release();
      }
    } finally {
      entry.slots.release();
    }
  }

  private host(host: string) {
    let entry = this.hosts.get(host);
    if (!entry) {
      entry = { slots: new Slots(Math.max(1, this.limits.perHostConcurrency)), nextStart: 0 };
      this.hosts.set(host, entry);
    }
    return entry;
  }
}
