import type { CheckedLink } from './results.js';

/**
 * Progress of a link check on stderr: one line rewritten in place on a terminal, a
 * plain line every few seconds otherwise (logs, CI).
 */
export class LinkProgress {
  private checked = 0;
  private broken = 0;
  private blocked = 0;
  private timer?: NodeJS.Timeout;
  private lastLine = '';

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly everyMs = stream.isTTY ? 200 : 5_000,
  ) {}

  start(what: string): void {
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
    if (this.stream.isTTY && this.lastLine) this.stream.write('\r\x1b[K');
  }

  private render(): void {
    const line = `${this.checked} links checked · ${this.broken} broken · ${this.blocked} blocked`;
    if (line === this.lastLine && !this.stream.isTTY) return;
    this.lastLine = line;
    this.stream.write(this.stream.isTTY ? `\r\x1b[K${line}` : `${line}\n`);
  }
}
