/**
 * Makes each step's StepContext (what a step can see and do) from what the steps of one
 * journey share: its page, mailboxes, captures, report record, evidence folder and
 * redactor. Everything a step records goes into the journey's record with secrets masked.
 */
import type { APIRequestContext, Page } from 'playwright';
import { maskedScreenshot } from '../browser/masked-screenshot.js';
import type { Clock } from '../core/clock.js';
import type { Redactor } from '../core/redact.js';
import { FINDING_CODES } from '../model/finding-codes.js';
import type { Journey, JourneyStep } from '../model/journey.js';
import type { MailStopped, ObservationRecord, StepResult } from '../model/report.js';
import type { CaptureValue, JourneyMail, Navigation, StepContext } from '../steps/step-context.js';
import type { JourneyRecord } from './journey-record.js';
import type { RunPlan } from './run-plan.js';
import type { StepEvidence } from './step-evidence.js';
import { stepFinding } from './step-finding.js';

/** What the steps of one journey attempt share. */
export interface JourneyResources {
  journey: Journey;
  plan: RunPlan;
  page: Page;
  baseURL: string | undefined;
  mail: JourneyMail;
  captures: Map<string, CaptureValue>;
  record: JourneyRecord;
  evidence: StepEvidence;
  redactor: Redactor;
  clock: Clock;
  /** The cookie-less HTTP client, made on first use. */
  request(): Promise<APIRequestContext>;
  lastNavigation(): Promise<Navigation | undefined>;
}

/** The context of `step`, whose entry in the report is `result`. */
export function buildStepContext(shared: JourneyResources, step: JourneyStep, result: StepResult, startedAt: number): StepContext {
  const { journey, plan, page, captures, record, evidence, redactor, clock } = shared;
  return {
    page,
    request: shared.request,
    baseURL: shared.baseURL,
    step,
    timeoutMs: step.timeoutMs,
    startedAt,
    mail: shared.mail,
    captures: { get: (name) => captures.get(name), set: (name, value) => captures.set(name, value) },
    // An optional step's findings are warnings, however the step reports them.
    addFinding: (input) => record.findings.push(stepFinding(step, step.optional && (input.severity ?? FINDING_CODES[input.code].severity) === 'error' ? { ...input, severity: 'warning' } : input, redactor)),
    attach: async (name, body, contentType) => {
      const path = evidence.save(name, typeof body === 'string' ? redactor.redact(body) : redactor.redactBytes(body, contentType));
      result.attachments.push({ name, contentType, path });
      return path;
    },
    evidencePath: (absolutePath) => evidence.relative(absolutePath),
    lastNavigation: shared.lastNavigation,
    run: { id: plan.runId, relay: plan.relay, stateDir: plan.stateDir, clock },
    redact: (text) => redactor.redact(text),
    screenshot: (request) => maskedScreenshot(page, redactor.values(), request),
    recordLinks: (links) => (record.links ??= []).push(...links.map((link) => redactor.redactDeep(link))),
    recordVerdict: (verdict) => (record.unsubscribe ??= []).push(redactor.redactDeep({ ...verdict, step: verdict.step ?? step.title })),
    unsubscribeVerdicts: () => record.unsubscribe ?? [],
    recordObservation: (observation) => putObservation(record, redactor.redactDeep(observation)),
    recordSideEffect: (effect) => (record.sideEffects ??= []).push(redactor.redactDeep({ at: new Date(clock.now()).toISOString(), ...effect, step: step.title })),
    followChallenges: journey.followChallenges ?? false,
    recordMailStopped: (mailbox, outcome) => markMailStopped(record, mailbox, outcome, step.title),
  };
}

/** Adds the observation, or replaces the one with its id. */
function putObservation(record: JourneyRecord, observation: ObservationRecord): void {
  const list = (record.observations ??= []);
  const index = list.findIndex((o) => o.id === observation.id);
  list.splice(index < 0 ? list.length : index, index < 0 ? 0 : 1, observation);
}

/** The unsubscribe paths that acted as `mailbox` (and have no answer yet) learn whether its mail stopped. */
function markMailStopped(record: JourneyRecord, mailbox: string, outcome: Omit<MailStopped, 'step'>, step: string): void {
  for (const verdict of record.unsubscribe ?? []) {
    if (verdict.mailbox === mailbox && !verdict.mailStopped && verdict.verdict !== 'not-offered') verdict.mailStopped = { ...outcome, step };
  }
}
