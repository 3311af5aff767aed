import { request as playwrightRequest, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { test } from '@playwright/test';
import { errorMessage } from '../core/errors.js';
import { Redactor } from '../core/redact.js';
import { interpolate, type InterpolationScope } from '../journey/interpolate.js';
import type { Journey, JourneyStep } from '../journey/model.js';
import { SinkClient } from '../mail/sink-client.js';
import type { ReceivedMail } from '../mail/received-mail.js';
import { FINDING_CODES } from '../report/finding-codes.js';
import type { Finding } from '../report/model.js';
import { mailRecord, stepResult } from '../report/records.js';
import { stepRegistry } from '../steps/registry.js';
import type { CaptureValue, StepContext } from '../steps/step-context.js';
import { FindingsRecorded, StepFailure, type FindingInput } from '../steps/step-failure.js';
import { JourneyMailboxes } from './journey-mail.js';
import type { JourneyRecord } from './journey-record.js';
import type { RunPlan } from './run-plan.js';
import { StepEvidence } from './step-evidence.js';
import { resolveBaseURL } from './base-url.js';
import { STEP_GRACE_MS } from './step-budget.js';
import { runClock } from './run-clock.js';
import { trackNavigation } from './navigation-tracker.js';
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
  let request: Promise<APIRequestContext> | undefined;
  const httpClient = () => (request ??= playwrightRequest.newContext({ baseURL }));

  const finding = (step: JourneyStep, input: FindingInput & { severity?: Finding['severity'] }): Finding => ({
    code: input.code,
    severity: input.severity ?? FINDING_CODES[input.code].severity,
    message: redactor.redact(input.message),
    rule: input.rule ?? ('rule' in FINDING_CODES[input.code] ? (FINDING_CODES[input.code] as { rule: string }).rule : undefined),
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
        addFinding: (input) => record.findings.push(finding(step, input)),
        attach: async (name, body, contentType) => {
          const path = evidence.save(name, typeof body === 'string' ? redactor.redact(body) : body);
          result.attachments.push({ name, contentType, path });
          return path;
        },
        evidencePath: (absolutePath) => evidence.relative(absolutePath),
        lastNavigation,
        run: { id: plan.runId, relay: plan.relay, stateDir: plan.stateDir, clock },
        redact: (text) => redactor.redact(text),
        recordLinks: (links) => (record.links ??= []).push(...links.map((link) => redactor.redactDeep(link))),
        recordVerdict: (verdict) => (record.unsubscribe ??= []).push(redactor.redactDeep({ ...verdict, step: verdict.step ?? step.title })),
        unsubscribeVerdicts: () => record.unsubscribe ?? [],
        recordObservation: (observation) => {
          const list = (record.observations ??= []);
          const index = list.findIndex((o) => o.id === observation.id);
          list.splice(index < 0 ? list.length : index, index < 0 ? 0 : 1, redactor.redactDeep(observation));
        },
      };
      try {
        await test.step(
          redactor.redact(step.title),
          async () => {
            const args = definition.args.parse(interpolate(step.args, scope));
            await definition.run(context, args);
          },
          { box: true, location: step.location, timeout: timeoutMs + STEP_GRACE_MS },
        );
      } catch (error) {
        result.status = 'failed';
        result.error = redactor.redact(firstLines(errorMessage(error)));
        await screenshotInto(page, context, journey.secrets.length > 0);
        if (!(error instanceof FindingsRecorded)) {
          const input: FindingInput = error instanceof StepFailure ? error.finding : { code: 'STEP_FAILED', message: `Could not ${step.title}: ${result.error}` };
          record.findings.push(finding(step, { ...input, severity: step.optional ? 'warning' : undefined }));
        }
        if (!step.optional) throw atYamlLine(result.error, step);
      } finally {
        result.durationMs = Date.now() - stepStarted;
      }
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

/** Screenshot of what the customer saw when a step failed; fields that got secrets are hidden. */
async function screenshotInto(page: Page, context: StepContext, hideInputs: boolean): Promise<void> {
  try {
    const image = await page.screenshot({ fullPage: true, timeout: 5_000, mask: hideInputs ? [page.locator('input, textarea')] : [] });
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
