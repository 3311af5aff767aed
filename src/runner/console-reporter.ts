import type { FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { Redactor } from '../core/redact.js';
import { readPlan } from './run-plan.js';
import { journeyLine, seconds } from '../report/console-lines.js';
import { readRecord } from './reporter.js';

const OUTCOMES = { expected: 'passed', unexpected: 'failed', flaky: 'flaky', skipped: 'skipped' } as const;

/**
 * The default console output of `journey-audit run` (`--reporter journeys`): one line per
 * journey as it ends, and on a terminal one progress line that rewrites itself. In CI
 * (CI set, or not a terminal) only plain lines. Playwright's error blocks, code frames
 * and trace hints are left to `--reporter list` / `--verbose`; the findings table at the
 * end is printed by the report reporter.
 */
export default class JourneyConsoleReporter implements Reporter {
  private readonly redactor = new Redactor();
  private readonly live = Boolean(process.stdout.isTTY) && !process.env.CI;
  private total = 0;
  private done = 0;
  private failed = 0;
  private readonly running = new Map<TestCase, number>();
  private timer?: NodeJS.Timeout;
  private progressShown = false;

  printsToStdio(): boolean {
    return true;
  }

  onBegin(_config: unknown, suite: Suite): void {
    for (const name of readPlan().secrets) this.redactor.add(process.env[name]);
    this.total = suite.allTests().length;
    if (this.live) this.timer = setInterval(() => this.progress(), 1_000).unref();
  }

  onTestBegin(test: TestCase): void {
    this.running.set(test, Date.now());
    this.progress();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const final = result.status === 'passed' || result.status === 'skipped' || result.status === 'interrupted' || result.retry >= test.retries;
    if (!final) {
      this.print(`  ↻ retry   ${test.title}: attempt ${result.retry + 1} failed, trying again`);
      return;
    }
    this.running.delete(test);
    this.done++;
    const record = readRecord(result);
    const status = result.status === 'interrupted' ? 'skipped' : OUTCOMES[test.outcome()];
    if (status === 'failed') this.failed++;
    const line = journeyLine({
      name: test.title,
      status,
      durationMs: test.results.reduce((sum, r) => sum + r.duration, 0),
      findings: record?.findings ?? [],
      error: result.status === 'interrupted' ? 'interrupted before it finished' : result.error?.message?.split('\n')[0],
    }, this.live ? process.stdout.columns : undefined);
    this.print(this.redactor.redact(line));
  }

  onError(error: TestError): void {
    this.print(`journey-audit: ${this.redactor.redact((error.message ?? error.value ?? 'unknown error').replace(/\u001b\[[0-9;]*m/g, '').split('\n')[0])}`);
  }

  onEnd(_result: FullResult): void {
    if (this.timer) clearInterval(this.timer);
    this.clearProgress();
  }

  /** Prints a line above the progress line. */
  private print(line: string): void {
    this.clearProgress();
    process.stdout.write(`${line}\n`);
    this.progress();
  }

  private progress(): void {
    if (!this.live || this.running.size === 0) return;
    const now = Date.now();
    const names = [...this.running].map(([test, started]) => `${test.title} ${seconds(now - started)}`).join(', ');
    const failed = this.failed ? ` · ${this.failed} failed` : '';
    const line = `  ${this.done}/${this.total} done${failed} · running: ${names}`;
    const width = process.stdout.columns || 80;
    process.stdout.write(`\r\u001b[2K${this.redactor.redact(line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line)}`);
    this.progressShown = true;
  }

  private clearProgress(): void {
    if (!this.progressShown) return;
    process.stdout.write('\r\u001b[2K');
    this.progressShown = false;
  }
}
