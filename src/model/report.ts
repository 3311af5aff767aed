import type { SourceLocation } from './journey.js';
import type { FindingCode, Severity } from './finding-codes.js';

/**
 * The report model: one versioned JSON document (report.json) is the truth; HTML,
 * Markdown, JUnit and console output are views of it. docs/report-format.md describes
 * it and what counts as a compatible change.
 */
/**
 * 2: journey and step status `inconclusive` (could not verify: a bot wall), summary counts
 * `inconclusive`, `errors`, `warnings`; a journey holding an error finding is never `passed`.
 */
export const REPORT_SCHEMA_VERSION = 2;

/** `inconclusive`: no promise was found broken, but the audit could not verify them all (a bot wall). */
export type Outcome = 'passed' | 'failed' | 'flaky' | 'skipped' | 'inconclusive';
/** `inconclusive`: the step could not verify its promise (a bot wall stood in the way). */
export type StepStatus = 'passed' | 'failed' | 'skipped' | 'not-run' | 'inconclusive';

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** One plain sentence a marketer understands. */
  message: string;
  /** Id from shared/RULES.md this finding indicates (an indicator, not a legal conclusion). */
  rule?: string;
  /** Title of the step that found it. */
  step?: string;
  location?: SourceLocation;
  /** Paths of evidence files, relative to the report folder. */
  evidence: string[];
  details?: Record<string, unknown>;
}

export interface Attachment {
  name: string;
  contentType: string;
  /** Relative to the report folder. */
  path: string;
}

export interface StepResult {
  title: string;
  kind: string;
  line: number;
  column: number;
  file: string;
  status: StepStatus;
  durationMs: number;
  error?: string;
  /** Why a step was skipped or what else a reader should know, in plain words. */
  note?: string;
  /** Every page (main-frame document) the step opened, with the HTTP status it was answered with. */
  navigations?: { url: string; status: number }[];
  attachments: Attachment[];
}

export interface MailRecord {
  id: string;
  from: string;
  to: string[];
  subject: string;
  receivedAt: string;
  size: number;
  /** Raw .eml, relative to the report folder. */
  path: string;
  sha256: string;
}

export interface JourneyResult {
  name: string;
  file: string;
  status: Outcome;
  durationMs: number;
  retries: number;
  error?: string;
  steps: StepResult[];
  findings: Finding[];
  mailboxes: Record<string, string>;
  mails: MailRecord[];
  attachments: Attachment[];
  /** Every link checked by `checkLinks` steps (absent in reports of runs that checked none). */
  links?: LinkResult[];
  /** Verdicts of `auditUnsubscribe` and reply audits, one per path tried. */
  unsubscribe?: UnsubscribeVerdict[];
  /** "No more mail" observations, including ones that span several runs. */
  observations?: ObservationRecord[];
  /** Why the audit could not verify every promise (status `inconclusive`), in plain words. */
  inconclusive?: string;
  /** Every state-changing request the audit made on the audited site's behalf, in order. */
  sideEffects?: SideEffect[];
}

export type SideEffectKind = 'one-click-post' | 'mailto-sent' | 'reply-sent' | 'mail-sent' | 'link-followed' | 'form-submitted' | 'challenge-followed';

/** Something the audit did that may change the customer's state on the audited site. */
export interface SideEffect {
  /** ISO time it was done. */
  at: string;
  kind: SideEffectKind;
  /** The URL requested, or the address mail was sent to. */
  target: string;
  /** HTTP method, for requests. */
  method?: string;
  /** The journey mailbox it acted as (the customer's address). */
  mailbox?: string;
  address?: string;
  /** Step that did it. */
  step?: string;
}

export type LinkState = 'ok' | 'broken' | 'blocked' | 'skipped';

export interface LinkHop {
  url: string;
  status: number;
}

export interface LinkResult {
  /** The address as found, #fragment included. */
  url: string;
  /** Page URL, file path or `mail:<id>` where the link was found. */
  parent: string;
  /** Where inside the parent: `line 12`, `PDF page 3`, `text/html part`, `<img srcset>`. */
  where?: string;
  /** The title of the page the link was on, when known (crawls). */
  parentTitle?: string;
  /** The link's visible text (or alt text), trimmed. */
  text: string;
  state: LinkState;
  /** Why a link is not ok: `status`, `dns`, `tls`, `timeout`, `loop`, `soft-404`, `fragment-missing`, `unsubscribe-like`, … */
  reason?: string;
  /** Final HTTP status, when there was one. */
  status?: number;
  /** Every hop of the redirect chain, the first request included. */
  chain: LinkHop[];
  ms: number;
}

export type UnsubscribePath = 'header' | 'body' | 'one-click' | 'mailto' | 'link' | 'reply' | 'observation' | 'dkim';

export interface UnsubscribeVerdict {
  path: UnsubscribePath;
  verdict: 'passed' | 'failed' | 'not-offered' | 'inconclusive';
  /** One plain sentence. */
  summary: string;
  /** Rule ids from shared/RULES.md this verdict rests on. */
  rules: string[];
  findings: FindingCode[];
  /** Evidence paths relative to the report folder (raw mails, HTTP exchanges, screenshots). */
  evidence: string[];
  /** For the link path: pages walked and actions the customer had to take. */
  pages?: number;
  actions?: number;
  /** Step that produced it. */
  step?: string;
  /** For a path that acted (one-click, mailto, link): the journey mailbox it acted as. */
  mailbox?: string;
  /** Whether mail to that mailbox stopped after this path, as the next no-mail window on it saw. */
  mailStopped?: MailStopped;
  /** The mail's List-Id (RFC 2919), on the header and dkim verdicts. */
  listId?: string;
  /** For the dkim path: each DKIM signature as mailauth verified it. */
  signatures?: DkimSignatureVerdict[];
}

export interface DkimSignatureVerdict {
  domain: string;
  selector?: string;
  /** pass, fail, neutral, temperror, permerror, … */
  result: string;
  /** The From domain it aligns with, or false. */
  aligned: string | false;
  /** Its h= list holds List-Unsubscribe and List-Unsubscribe-Post. */
  coversUnsubscribe: boolean;
}

export interface MailStopped {
  stopped: boolean;
  /** The window watched, e.g. "3s". */
  window: string;
  /** Mails that still came in it. */
  mails: number;
  /** Raw mails that still came, relative to the report folder. */
  evidence: string[];
  /** The step that watched. */
  step?: string;
}

export interface ObservedMail {
  receivedAt: string;
  from: string;
  subject: string;
  /** Milliseconds after the observation started (the unsubscribe). */
  offsetMs: number;
  /** Relative to the report folder, when the mail was seen in this run. */
  path?: string;
  /** SHA-256 of the raw message: the same mail seen by two runs is listed once. */
  sha256?: string;
  /** Arrived within the honour window the rule allows (listed, not a violation). */
  withinGrace?: boolean;
}

export interface ObservationRecord {
  id: string;
  address: string;
  filters: Record<string, string>;
  /** The window as written in the journey: `30s`, `2 days`, `10 business days`. */
  window: string;
  startedAt: string;
  closesAt: string;
  status: 'open' | 'passed' | 'failed';
  mails: ObservedMail[];
  /** Runs that continued this observation, oldest first. */
  runs: string[];
}

export interface RunSummary {
  total: number;
  passed: number;
  failed: number;
  flaky: number;
  skipped: number;
  /** Journeys that broke no promise the audit could check, but could not check them all. */
  inconclusive: number;
  findings: number;
  /** Findings by severity: errors are broken promises, warnings are not. */
  errors: number;
  warnings: number;
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'journey-audit'; version: string };
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** False when the run was interrupted or crashed: the report holds what had finished. */
  complete: boolean;
  shard?: { current: number; total: number };
  summary: RunSummary;
  /** Problems outside any journey (a worker crash, a load error), as Playwright reported them. */
  errors: string[];
  journeys: JourneyResult[];
  strayMails: MailRecord[];
}
