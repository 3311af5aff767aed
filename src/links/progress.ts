import { formatDuration } from '../core/duration.js';
import type { CheckedLink } from './results.js';

/** What a running check can tell about itself (a LinkChecker has all of it). */
export interface ProgressSource {
  readonly pages: { done: number; queued: number };
  activity(): { inFlight: number; slowest?: { host: string; ms: number } };
}

/**
 * Progress of a link check on stderr: one line rewritten in place on a terminal, a
 * plain line every 5 seconds otherwise (logs, CI=true): pages done / queued, links
 * checked, requests in flight, the host waited on longest now, elapsed time.
 */
export class LinkProgress {
  private checked = 0;
  private broken = 0;
  private blocked = 0;
  private timer?: NodeJS.Timeout;
  private lastLine = '';
  private started = 0;
  private source?: ProgressSource;
  private readonly tty: boolean;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    tty = Boolean(stream.isTTY) && !isCi(),
    private readonly everyMs = tty ? 200 : 5_000,
  ) {
    this.tty = tty;
  }

  start(what: string, source?: ProgressSource): void {
    this.source = source;
    this.started = performance.now();
    this.stream.write(`journey-audit links: checking ${what}…\n`);
    this.timer = setInterval(() => this.render(), this.everyMs);
    this.timer.unref();
  }

  onResult(result: CheckedLink): void {
    this.checked++;
    if (result.state === 'broken') this.broken++;
    if (result.state === 'blocked') this.blocked++;
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.tty && this.lastLine) this.stream.write('\r\x1b[K');
  }

  /** The progress line as it is now. */
  line(): string {
    const parts: string[] = [];
    const pages = this.source?.pages;
    if (pages && pages.done + pages.queued > 0) parts.push(`pages ${pages.done} done / ${pages.queued} queued`);
    parts.push(`${this.checked} links checked (${this.broken} broken, ${this.blocked} blocked)`);
    if (this.source) {
      const { inFlight, slowest } = this.source.activity();
      parts.push(`${inFlight} in flight`);
      if (slowest && slowest.ms >= 1000) parts.push(`slowest: ${slowest.host} ${formatDuration(slowest.ms)}`);
    }
    parts.push(formatDuration(performance.now() - this.started));
    return parts.join(' · ');
  }

  private render(): void {
    const line = this.line();
    this.lastLine = line;
    this.stream.write(this.tty ? `\r\x1b[K${line.slice(0, Math.max(20, (this.stream.columns ?? 120) - 1))}` : `${line}\n`);
  }
}

function isCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}
