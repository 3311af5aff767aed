import { request as playwrightRequest, type APIRequestContext, type Page, type TestInfo, test } from '@playwright/test';
import { maskedScreenshot } from '../browser/masked-screenshot.js';
import { errorMessage } from '../core/errors.js';
import { Redactor } from '../core/redact.js';
import { interpolate, type InterpolationScope } from '../journey/interpolate.js';
import type { Journey, JourneyStep } from '../model/journey.js';
import { SinkClient } from '../mail/sink-client.js';
import type { ReceivedMail } from '../mail/received-mail.js';
import { FINDING_CODES, findingCode } from '../model/finding-codes.js';
import type { Finding } from '../model/report.js';
import { mailRecord, stepResult } from './records.js';
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
import { findResumePoint } from './observation-resume.js';

/** Runs one journey in a Playwright test: one test.step per YAML step, pointing at its line. */
export async function runJourney(journey: Journey, plan: RunPlan, page: Page, testInfo: TestInfo, record: JourneyRecord): Promise<void> {
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
  const lastNavigation = trackNavigation(page);
  const documents = new DocumentLog(page);
  /** Checks that failed and let the journey go on (soft steps): the journey fails at the end. */
  const softFailures: { step: JourneyStep; message: string }[] = [];
  let request: Promise<APIRequestContext> | undefined;
  const httpClient = () => (request ??= playwrightRequest.newContext({ baseURL }));

  const finding = (step: JourneyStep, input: FindingInput & { severity?: Finding['severity'] }): Finding => ({
    code: input.code,
    severity: input.severity ?? FINDING_CODES[input.code].severity,
    message: redactor.redact(input.message),
    rule: input.rule ?? findingCode(input.code).rule,
    step: step.title,
    location: step.location,
    evidence: input.evidence ?? [],
    details: input.details && redactor.redactDeep(input.details),
  });

  try {
    for (const [index, step] of journey.steps.entries()) {
      if (resume && index < resume.stepIndex) {
        record.steps.push({ ...stepResult(step, 'skipped'), note: `done in run ${resume.startedBy}; the observation started ${resume.startedAt} continues` });
        continue;
      }
      const result = stepResult(step, 'passed');
      record.steps.push(result);
      const stepStarted = Date.now();
      const definition = stepRegistry.get(step.kind)!;
      const { timeoutMs } = step;
      const context: StepContext = {
        page,
        request: httpClient,
        baseURL,
        step,
        timeoutMs,
        startedAt: stepStarted,
        mail,
        captures: { get: (name) => captures.get(name), set: (name, value) => captures.set(name, value) },
        // An optional step's findings are warnings, however the step reports them.
        addFinding: (input) => record.findings.push(finding(step, step.optional && (input.severity ?? FINDING_CODES[input.code].severity) === 'error' ? { ...input, severity: 'warning' } : input)),
        attach: async (name, body, contentType) => {
          const path = evidence.save(name, typeof body === 'string' ? redactor.redact(body) : redactor.redactBytes(body, contentType));
          result.attachments.push({ name, contentType, path });
          return path;
        },
        evidencePath: (absolutePath) => evidence.relative(absolutePath),
        lastNavigation,
        run: { id: plan.runId, relay: plan.relay, stateDir: plan.stateDir, clock },
        redact: (text) => redactor.redact(text),
        screenshot: (request) => maskedScreenshot(page, redactor.values(), request),
        recordLinks: (links) => (record.links ??= []).push(...links.map((link) => redactor.redactDeep(link))),
        recordVerdict: (verdict) => (record.unsubscribe ??= []).push(redactor.redactDeep({ ...verdict, step: verdict.step ?? step.title })),
        unsubscribeVerdicts: () => record.unsubscribe ?? [],
        recordObservation: (observation) => {
          const list = (record.observations ??= []);
          const index = list.findIndex((o) => o.id === observation.id);
          list.splice(index < 0 ? list.length : index, index < 0 ? 0 : 1, redactor.redactDeep(observation));
        },
        recordSideEffect: (effect) => (record.sideEffects ??= []).push(redactor.redactDeep({ at: new Date(clock.now()).toISOString(), ...effect, step: step.title })),
        followChallenges: journey.followChallenges ?? false,
        recordMailStopped: (mailbox, outcome) => {
          for (const verdict of record.unsubscribe ?? []) {
            if (verdict.mailbox === mailbox && !verdict.mailStopped && verdict.verdict !== 'not-offered') verdict.mailStopped = { ...outcome, step: step.title };
          }
        },
      };
      try {
        if (definition.sideEffects) mail.customerActs();
        await test.step(
          redactor.redact(step.title),
          async () => {
            const mark = documents.mark();
            let failure: unknown;
            try {
              const args = definition.args.parse(interpolate(step.args, scope));
              await definition.run(context, args);
            } catch (error) {
              failure = error;
            }
            // What the pages it opened say, whatever the step concluded: a bot wall, an error page.
            const visits = await documents.since(mark, Math.min(NAVIGATION_ANSWER_WAIT_MS, Math.max(0, stepStarted + timeoutMs - Date.now())));
            if (visits.length) result.navigations = visits.map(({ url, status }) => ({ url: redactor.redact(url), status }));
            const pages = await judgeVisits(page, visits, definition.judgesStatus === true);
            if (pages.botWall) throw new CouldNotVerify(pages.botWall);
            for (const input of pages.httpErrors) context.addFinding(input);
            if (failure) throw failure;
            if (pages.httpErrors.length) throw new FindingsRecorded(pages.httpErrors[0].message);
          },
          { box: true, location: step.location, timeout: timeoutMs + STEP_GRACE_MS },
        );
      } catch (error) {
        result.status = error instanceof CouldNotVerify ? 'inconclusive' : 'failed';
        result.error = redactor.redact(firstLines(errorMessage(error)));
        const shots = result.attachments.length;
        await screenshotInto(page, context, journey.secrets.length > 0);
        const screenshot = result.attachments.slice(shots).map((a) => a.path);
        for (const f of record.findings) if (f.step === step.title && f.code === 'PAGE_HTTP_ERROR' && !f.evidence.length) f.evidence.push(...screenshot);
        if (error instanceof CouldNotVerify) {
          // The rest depends on a page the audit could not see: stop, inconclusive, not failed.
          record.findings.push(finding(step, { ...error.finding, evidence: [...(error.finding.evidence ?? []), ...screenshot], severity: 'warning' }));
          if (step.optional) continue; // nothing depends on an optional step
          record.inconclusive = result.error;
          break;
        }
        if (!(error instanceof FindingsRecorded)) {
          const input: FindingInput = error instanceof StepFailure ? error.finding : { code: 'STEP_FAILED', message: `Could not ${step.title}: ${result.error}` };
          record.findings.push(finding(step, { ...input, severity: step.optional ? 'warning' : undefined }));
        }
        if (!step.optional && !step.soft) throw atYamlLine(result.error, step);
        if (!step.optional) softFailures.push({ step, message: result.error });
      } finally {
        result.durationMs = Date.now() - stepStarted;
      }
    }
    if (softFailures.length) {
      const [first] = softFailures;
      const message = softFailures.length === 1 ? first.message : `${softFailures.length} checks failed (the journey went on to check the rest); the first: ${first.message}`;
      throw atYamlLine(message, first.step);
    }
  } finally {
    for (const step of journey.steps.slice(record.steps.length)) {
      record.steps.push(stepResult(step, 'not-run'));
    }
    record.mails = mail.received().map((m) => mailRecord(m, evidence.relative(m.path)));
    mail.close();
    if (request) await (await request).dispose();
  }
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
