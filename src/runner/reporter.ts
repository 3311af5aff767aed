import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Redactor } from '../core/redact.js';
import { SinkClient } from '../mail/sink-client.js';
import { RECORD_ATTACHMENT, type JourneyRecord } from '../runner/journey-record.js';
import { readPlan, type RunPlan } from '../runner/run-plan.js';
import { REPORT_SCHEMA_VERSION, type JourneyResult, type MailRecord, type Outcome, type Report } from '../model/report.js';
import { summarize, journeyOutcome } from '../report/summary.js';
import { summaryLines } from '../report/console-lines.js';
import { interruptedFinding, mailRecord } from './records.js';
import { REPORT_FILES, writeReport } from '../report/write-report.js';
import { toolVersion } from '../core/version.js';

const OUTCOMES: Record<ReturnType<TestCase['outcome']>, Outcome> = { expected: 'passed', unexpected: 'failed', flaky: 'flaky', skipped: 'skipped' };

/**
 * Playwright reporter that turns the run into the report model (report.json) and its
 * views. It runs in Playwright's main process; findings and step records come from the
 * workers as attachments.
 */
export default class JourneyAuditReporter implements Reporter {
  private plan!: RunPlan;
  private suite!: Suite;
  private config!: FullConfig;
  private readonly started = new Date();
  private readonly redactor = new Redactor();
  private readonly errors: string[] = [];

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.plan = readPlan();
    this.suite = suite;
    this.config = config;
    for (const name of this.plan.secrets) this.redactor.add(process.env[name]);
  }

  onError(error: TestError): void {
    this.errors.push((error.message ?? error.value ?? 'unknown error').replace(/\u001b\[[0-9;]*m/g, '').split('\n')[0]);
  }

  async onEnd(result: FullResult): Promise<void> {
    const journeys = this.suite.allTests().map((test) => this.journey(test));
    const strayMails = await this.strayMails(journeys);
    const finished = new Date();
    const report: Report = this.redactor.redactDeep({
      schemaVersion: REPORT_SCHEMA_VERSION,
      tool: { name: 'journey-audit', version: toolVersion() },
      runId: this.plan.runId,
      startedAt: this.plan.startedAt ?? this.started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - this.started.getTime(),
      complete: result.status !== 'interrupted' && result.status !== 'timedout' && !journeys.some((j) => j.findings.some((f) => f.code === 'RUN_INTERRUPTED')),
      shard: this.config.shard ?? undefined,
      summary: summarize(journeys),
      errors: this.errors,
      journeys,
      strayMails,
    });
    await writeReport(this.plan.runDir, report, process.cwd(), (text) => this.redactor.redact(text));
    const where = relative(process.cwd(), this.plan.runDir) || '.';
    const width = process.stdout.isTTY && !process.env.CI ? process.stdout.columns : undefined;
    for (const line of summaryLines(report, `${where}/${REPORT_FILES.html}`, process.cwd(), width)) console.log(line);
  }

  private journey(test: TestCase): JourneyResult {
    const results = test.results;
    const last: TestResult | undefined = results[results.length - 1];
    const record = last ? readRecord(last) : undefined;
    const neverRan = !last;
    const interrupted = last?.status === 'interrupted';
    return {
      name: test.title,
      file: record?.file || test.annotations.find((a) => a.type === 'file')?.description || '',
      status: neverRan || interrupted ? 'skipped' : journeyOutcome(OUTCOMES[test.outcome()], record?.findings ?? [], record?.inconclusive),
      durationMs: results.reduce((sum, r) => sum + r.duration, 0),
      retries: Math.max(0, results.length - 1),
      error: neverRan ? 'not run: the run was interrupted' : interrupted ? 'interrupted before it finished' : last.error?.message?.replace(/\u001b\[[0-9;]*m/g, '').split('\n')[0],
      steps: record?.steps ?? [],
      findings: neverRan || interrupted ? [...(record?.findings ?? []), interruptedFinding(neverRan)] : (record?.findings ?? []),
      mailboxes: record?.mailboxes ?? {},
      mails: record?.mails ?? [],
      ...(record?.links && { links: record.links }),
      ...(record?.unsubscribe && { unsubscribe: record.unsubscribe }),
      ...(record?.observations && { observations: record.observations }),
      ...(record?.inconclusive && { inconclusive: record.inconclusive }),
      ...(record?.sideEffects && { sideEffects: record.sideEffects }),
      attachments: (last?.attachments ?? [])
        .filter((a) => a.path && a.name !== RECORD_ATTACHMENT)
        .map((a) => ({ name: a.name, contentType: a.contentType, path: relative(this.plan.runDir, a.path!).split('\\').join('/') })),
    };
  }

  /** Mail the sink holds for addresses no journey used (a site mailing the wrong person). */
  private async strayMails(journeys: JourneyResult[]): Promise<MailRecord[]> {
    // A shared sink (run --sink) holds other runs' mail too: none of it is this run's stray mail.
    if (!this.plan.sink || this.plan.sink.shared) return [];
    const known = new Set(journeys.flatMap((j) => Object.values(j.mailboxes).map((a) => a.toLowerCase())));
    try {
      const all = await new SinkClient(this.plan.sink.api).list();
      return all
        .filter((m) => ![...m.envelopeTo, ...m.to].some((a) => known.has(a.toLowerCase())))
        .map((m) => mailRecord(m, relative(this.plan.runDir, m.path).split('\\').join('/')));
    } catch {
      return [];
    }
  }
}

export function readRecord(result: TestResult): JourneyRecord | undefined {
  const attachment = [...result.attachments].reverse().find((a) => a.name === RECORD_ATTACHMENT);
  if (!attachment) return undefined;
  const body = attachment.body ?? (attachment.path ? readFileSync(attachment.path) : undefined);
  return body ? (JSON.parse(body.toString('utf8')) as JourneyRecord) : undefined;
}
