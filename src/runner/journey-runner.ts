import { request as playwrightRequest, type APIRequestContext, type Page, type TestInfo, test } from '@playwright/test';
import { errorMessage } from '../core/errors.js';
import { Redactor } from '../core/redact.js';
import { interpolate, type InterpolationScope } from '../journey/interpolate.js';
import type { Journey, JourneyStep } from '../model/journey.js';
import { SinkClient } from '../mail/sink-client.js';
import type { ReceivedMail } from '../mail/received-mail.js';
import type { StepResult } from '../model/report.js';
import { mailRecord, stepResult } from './records.js';
import type { StepDefinition } from '../steps/define-step.js';
import { stepRegistry } from '../steps/registry.js';
import type { CaptureValue, StepContext } from '../steps/step-context.js';
import { CouldNotVerify, FindingsRecorded, StepFailure, type FindingInput } from '../steps/step-failure.js';
import { JourneyMailboxes } from './journey-mail.js';
import type { JourneyRecord } from './journey-record.js';
import type { RunPlan } from './run-plan.js';
import { StepEvidence } from './step-evidence.js';
import { resolveBaseURL } from './base-url.js';
import { STEP_GRACE_MS } from './step-budget.js';
import { runClock } from './run-clock.js';
import { DocumentLog, trackNavigation } from './navigation-tracker.js';
import { judgeVisits } from './page-outcome.js';
import { findResumePoint, type ResumePoint } from './observation-resume.js';
import { buildStepContext, type JourneyResources } from './step-context-builder.js';
import { stepFinding } from './step-finding.js';

/** One attempt of a journey while it runs: what its steps share, and what the runner keeps beside. */
interface JourneyRun extends JourneyResources {
  mail: JourneyMailboxes;
  /** What `${{ … }}` expressions in step arguments read. */
  scope: InterpolationScope;
  documents: DocumentLog;
  /** An observation of an earlier run this one continues. */
  resume: ResumePoint | undefined;
  /** Checks that failed and let the journey go on (soft steps): the journey fails at the end. */
  softFailures: { step: JourneyStep; message: string }[];
  closeHttpClient(): Promise<void>;
}

/** Runs one journey in a Playwright test: one test.step per YAML step, pointing at its line. */
export async function runJourney(journey: Journey, plan: RunPlan, page: Page, testInfo: TestInfo, record: JourneyRecord): Promise<void> {
  const run = await setUpJourney(journey, plan, page, testInfo, record);
  try {
    for (const [index, step] of journey.steps.entries()) {
      const { resume } = run;
      if (resume && index < resume.stepIndex) {
        record.steps.push({ ...stepResult(step, 'skipped'), note: `done in run ${resume.startedBy}; the observation started ${resume.startedAt} continues` });
        continue;
      }
      if ((await runStep(run, step)) === 'stop') break;
    }
    failIfChecksFailed(run.softFailures);
  } finally {
    await tearDownJourney(run);
  }
}

/** The journey's secrets, evidence folder, clock, mailboxes (resuming an observation), expression scope and page trackers. */
async function setUpJourney(journey: Journey, plan: RunPlan, page: Page, testInfo: TestInfo, record: JourneyRecord): Promise<JourneyRun> {
  const startedAt = Date.now();
  const env = { ...plan.env, ...process.env };
  const redactor = new Redactor();
  for (const name of plan.secrets) redactor.add(process.env[name]);
  const evidence = new StepEvidence(plan.runDir, journey.name, testInfo.retry);
  const clock = runClock();
  const resume = await findResumePoint(journey, plan.stateDir, clock);
  const mail = new JourneyMailboxes(plan.sink ? new SinkClient(plan.sink.api, { mirrorDir: plan.sink.shared ? `${plan.runDir}/mail` : undefined }) : undefined, journey.mailboxes, plan.sink?.domain ?? 'journey-audit.test', startedAt, resume);
  record.mailboxes = mail.all;
  const captures = new Map<string, CaptureValue>();
  const scope: InterpolationScope = {
    env,
    secrets: Object.fromEntries(journey.secrets.map((name) => [name, process.env[name]])),
    mailbox: mail.all,
    captures: (name, field) => captureField(captures.get(name), field),
    sink: plan.sink && { host: plan.sink.smtpHost, port: String(plan.sink.smtpPort), url: plan.sink.api },
    run: { id: plan.runId },
  };
  const baseURL = resolveBaseURL(journey, plan);
  const http = lazyHttpClient(baseURL);
  return {
    journey, plan, page, baseURL, mail, captures, record, evidence, redactor, clock, scope, resume,
    request: http.get,
    closeHttpClient: http.dispose,
    lastNavigation: trackNavigation(page),
    documents: new DocumentLog(page),
    softFailures: [],
  };
}

/** Runs one step as a test.step at its YAML line; says whether the journey goes on (throws when the step's failure ends it). */
async function runStep(run: JourneyRun, step: JourneyStep): Promise<'next' | 'stop'> {
  const result = stepResult(step, 'passed');
  run.record.steps.push(result);
  const startedAt = Date.now();
  const definition = stepRegistry.get(step.kind)!;
  const context = buildStepContext(run, step, result, startedAt);
  try {
    if (definition.sideEffects) run.mail.customerActs();
    await test.step(run.redactor.redact(step.title), () => performStep(run, context, definition, result), { box: true, location: step.location, timeout: step.timeoutMs + STEP_GRACE_MS });
    return 'next';
  } catch (error) {
    return await recordFailure(run, context, result, error);
  } finally {
    result.durationMs = Date.now() - startedAt;
  }
}

/** The step's own work, then what the pages it opened say, whatever the step concluded: a bot wall, an error page. */
async function performStep(run: JourneyRun, context: StepContext, definition: StepDefinition, result: StepResult): Promise<void> {
  const mark = run.documents.mark();
  let failure: unknown;
  try {
    const args = definition.args.parse(interpolate(context.step.args, run.scope));
    await definition.run(context, args);
  } catch (error) {
    failure = error;
  }
  const visits = await run.documents.since(mark, Math.min(NAVIGATION_ANSWER_WAIT_MS, Math.max(0, context.startedAt + context.timeoutMs - Date.now())));
  if (visits.length) result.navigations = visits.map(({ url, status }) => ({ url: run.redactor.redact(url), status }));
  const pages = await judgeVisits(run.page, visits, definition.judgesStatus === true);
  if (pages.botWall) throw new CouldNotVerify(pages.botWall);
  for (const input of pages.httpErrors) context.addFinding(input);
  if (failure) throw failure;
  if (pages.httpErrors.length) throw new FindingsRecorded(pages.httpErrors[0].message);
}

/**
 * A failed step: its status and error, a screenshot, its finding. Says whether the journey
 * goes on; throws at the step's YAML line when a failure of a required, non-soft step ends it.
 */
async function recordFailure(run: JourneyRun, context: StepContext, result: StepResult, error: unknown): Promise<'next' | 'stop'> {
  const { record, redactor } = run;
  const { step } = context;
  result.status = error instanceof CouldNotVerify ? 'inconclusive' : 'failed';
  result.error = redactor.redact(firstLines(errorMessage(error)));
  const shots = result.attachments.length;
  await screenshotInto(run.page, context, run.journey.secrets.length > 0);
  const screenshot = result.attachments.slice(shots).map((a) => a.path);
  for (const f of record.findings) if (f.step === step.title && f.code === 'PAGE_HTTP_ERROR' && !f.evidence.length) f.evidence.push(...screenshot);
  if (error instanceof CouldNotVerify) {
    // The rest depends on a page the audit could not see: stop, inconclusive, not failed.
    record.findings.push(stepFinding(step, { ...error.finding, evidence: [...(error.finding.evidence ?? []), ...screenshot], severity: 'warning' }, redactor));
    if (step.optional) return 'next'; // nothing depends on an optional step
    record.inconclusive = result.error;
    return 'stop';
  }
  if (!(error instanceof FindingsRecorded)) {
    const input: FindingInput = error instanceof StepFailure ? error.finding : { code: 'STEP_FAILED', message: `Could not ${step.title}: ${result.error}` };
    record.findings.push(stepFinding(step, { ...input, severity: step.optional ? 'warning' : undefined }, redactor));
  }
  if (!step.optional && !step.soft) throw atYamlLine(result.error, step);
  if (!step.optional) run.softFailures.push({ step, message: result.error });
  return 'next';
}

/** Soft checks that failed fail the journey at its end, at the first one's YAML line. */
function failIfChecksFailed(softFailures: JourneyRun['softFailures']): void {
  if (!softFailures.length) return;
  const [first] = softFailures;
  const message = softFailures.length === 1 ? first.message : `${softFailures.length} checks failed (the journey went on to check the rest); the first: ${first.message}`;
  throw atYamlLine(message, first.step);
}

/** Steps never reached are listed as not run, the mail received is listed, mailboxes and the HTTP client close. */
async function tearDownJourney(run: JourneyRun): Promise<void> {
  const { journey, record, mail, evidence } = run;
  for (const step of journey.steps.slice(record.steps.length)) {
    record.steps.push(stepResult(step, 'not-run'));
  }
  record.mails = mail.received().map((m) => mailRecord(m, evidence.relative(m.path)));
  mail.close();
  await run.closeHttpClient();
}

/** A cookie-less HTTP client with the journey's baseURL, made on first use. */
function lazyHttpClient(baseURL: string | undefined): { get(): Promise<APIRequestContext>; dispose(): Promise<void> } {
  let request: Promise<APIRequestContext> | undefined;
  return {
    get: () => (request ??= playwrightRequest.newContext({ baseURL })),
    dispose: async () => {
      if (request) await (await request).dispose();
    },
  };
}

/** How long a step's navigation may still take to be answered after the step returned (a click that submits a form). */
const NAVIGATION_ANSWER_WAIT_MS = 10_000;

/** Screenshot of what the customer saw when a step failed; secret values (and, on journeys that read secrets, every field) are hidden. */
async function screenshotInto(page: Page, context: StepContext, hideInputs: boolean): Promise<void> {
  try {
    const image = await context.screenshot({ fullPage: true, timeout: 5_000, mask: hideInputs ? [page.locator('input, textarea')] : [] });
    await context.attach('failure.png', image, 'image/png');
  } catch {
    // The page may be gone (crash, closed); the finding stands without a picture.
  }
}

function captureField(value: CaptureValue | undefined, field?: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return field ? undefined : value;
  const mail = value as ReceivedMail;
  const fields: Record<string, string | undefined> = { subject: mail.subject, from: mail.from, to: mail.to.join(', '), id: mail.id, text: mail.text, messageId: mail.messageId };
  return field ? fields[field] : mail.subject;
}

/**
 * The error Playwright reports: its stack points at the YAML line, so the list reporter
 * and the HTML report show the user's journey file rather than our internals.
 */
function atYamlLine(message: string, step: JourneyStep): Error {
  const error = new Error(message);
  const { file, line, column } = step.location;
  error.stack = `Error: ${message}\n    at ${step.kind} (${file}:${line}:${column})`;
  return error;
}

function firstLines(text: string, max = 6): string {
  // Playwright errors carry call logs; the lines before them say what went wrong.
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '').split(/\n\s*Call log:/)[0];
  return plain.split('\n').slice(0, max).join('\n').trim();
}
