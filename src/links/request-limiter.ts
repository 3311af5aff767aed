/** A counting semaphore: at most `size` holders at a time, first come first served. */
export class Slots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}

  async acquire(): Promise<void> {
    if (this.used < this.size) {
      this.used++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
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

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const entry = this.host(host);
    await entry.slots.acquire();
    try {
      if (this.limits.perHostRatePerSecond > 0) {
        const now = Date.now();
        const start = Math.max(now, entry.nextStart);
        entry.nextStart = start + 1000 / this.limits.perHostRatePerSecond;
        if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
      }
      await this.global.acquire();
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
