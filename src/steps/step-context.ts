import type { APIRequestContext, Page } from 'playwright';
import type { Clock } from '../core/clock.js';
import type { JourneyStep } from '../journey/model.js';
import type { ReceivedMail, MailQuery } from '../mail/received-mail.js';
import type { LinkResult, ObservationRecord, UnsubscribeVerdict } from '../report/model.js';
import type { FindingInput } from './step-failure.js';

/** What a step can see and do. Built by the runner for each journey. */
export interface StepContext {
  page: Page;
  /** A cookie-less HTTP client for `http` steps, with the journey's baseURL (made on first use). */
  request(): Promise<APIRequestContext>;
  baseURL?: string;
  step: JourneyStep;
  /** The step's time budget in milliseconds. */
  timeoutMs: number;
  /** When the step started (ms since epoch). */
  startedAt: number;
  mail: JourneyMail;
  captures: Captures;
  /** Adds a finding that does not stop the journey (for failures, throw StepFailure). */
  addFinding(finding: FindingInput & { severity?: 'error' | 'warning' | 'info' }): void;
  /** Saves evidence in the report; returns its path relative to the report folder. */
  attach(name: string, body: Buffer | string, contentType: string): Promise<string>;
  /** Path of a file inside the report folder, as the report refers to it. */
  evidencePath(absolutePath: string): string;
  redact(text: string): string;
  run: RunSettings;
  /** The main frame's latest document response: where the customer asked to go and where they landed. */
  lastNavigation(): Promise<Navigation | undefined>;
  /** Adds checked links to the journey's links table. */
  recordLinks(links: LinkResult[]): void;
  /** Adds an unsubscribe verdict (one per path tried). */
  recordVerdict(verdict: UnsubscribeVerdict): void;
  /** The unsubscribe verdicts earlier steps of this journey recorded (did the customer opt out before?). */
  unsubscribeVerdicts?(): readonly UnsubscribeVerdict[];
  /** Adds or replaces (by id) a no-more-mail observation. */
  recordObservation(observation: ObservationRecord): void;
}

export interface RunSettings {
  id: string;
  /** Outbound SMTP relay for mail the customer sends (mailto unsubscribes, replies); never anything else. */
  relay?: SmtpRelay;
  /** Folder for state that outlives a run (multi-day observations). */
  stateDir: string;
  /** Milliseconds since the epoch; fixed by JOURNEY_AUDIT_NOW in tests of multi-day windows. */
  clock: Clock;
}

export interface Navigation {
  requestedUrl: string;
  finalUrl: string;
  status: number;
  /** Every hop, the first request included. */
  chain: { url: string; status: number }[];
}

export interface SmtpRelay {
  host: string;
  port: number;
}

export interface JourneyMail {
  /** The run-unique address of a mailbox declared by the journey. */
  address(mailbox: string): string;
  /**
   * Resolves with the first matching mail no earlier step matched, pushed by the sink the
   * moment it is stored; undefined when none arrives in time. The mail is then "read".
   */
  waitFor(mailbox: string, query: MailQuery, timeoutMs: number): Promise<ReceivedMail | undefined>;
  /**
   * Every matching mail that arrived since the previous mail step finished (or the
   * journey started) and until the window closes.
   */
  collect(mailbox: string, query: MailQuery, windowMs: number): Promise<ReceivedMail[]>;
}

export type CaptureValue = string | ReceivedMail;

export interface Captures {
  get(name: string): CaptureValue | undefined;
  set(name: string, value: CaptureValue): void;
}
