import type { APIRequestContext, Page } from 'playwright';
import type { ScreenshotRequest } from '../browser/masked-screenshot.js';
import type { Clock } from '../core/clock.js';
import type { JourneyStep } from '../model/journey.js';
import type { ReceivedMail, MailQuery, MailSummary } from '../mail/received-mail.js';
import type { LinkResult, ObservationRecord, UnsubscribeVerdict, MailStopped, SideEffect } from '../model/report.js';
import type { FindingInput } from './step-failure.js';
import type { HostPort } from '../core/host-port.js';

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
  /** A screenshot of the page with every secret value covered; the only way steps photograph a page. */
  screenshot(request?: ScreenshotRequest): Promise<Buffer>;
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
  /** Lists a state-changing request made on the audited site's behalf (the runner adds time and step). */
  recordSideEffect(effect: Omit<SideEffect, 'at' | 'step'>): void;
  /** A no-mail window on `mailbox` closed: the unsubscribe paths that acted as it learn whether the mail stopped. */
  recordMailStopped(mailbox: string, outcome: Omit<MailStopped, 'step'>): void;
  /** The journey's `followChallenges:` — open "verify you are human" links (default false). */
  followChallenges: boolean;
}

export interface RunSettings {
  id: string;
  /** Outbound SMTP relay for mail the customer sends (mailto unsubscribes, replies); never anything else. */
  relay?: HostPort;
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
  collect(mailbox: string, query: MailQuery, windowMs: number, options?: { afterUnsubscribe?: boolean }): Promise<ReceivedMail[]>;
  /** The journey's mailboxes a mail was delivered to (never anyone else's address). */
  mailboxesOf(mail: MailSummary): string[];
  /**
   * The customer of `mailbox` unsubscribed now: a later no-mail window (`collect` with
   * `afterUnsubscribe`) starts no earlier, since mail sent before that is no broken promise.
   * Answers to the unsubscribe (auto-replies, challenges) are still collected from before.
   */
  unsubscribedNow(mailbox: string): void;
}

export type CaptureValue = string | ReceivedMail;

export interface Captures {
  get(name: string): CaptureValue | undefined;
  set(name: string, value: CaptureValue): void;
}
