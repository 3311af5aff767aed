import type { SourceLocation } from '../journey/model.js';
import type { FindingCode, Severity } from './finding-codes.js';

/**
 * The report model: one versioned JSON document (report.json) is the truth; HTML,
 * Markdown, JUnit and console output are views of it. docs/report-format.md describes
 * it and what counts as a compatible change.
 */
export const REPORT_SCHEMA_VERSION = 1;

export type Outcome = 'passed' | 'failed' | 'flaky' | 'skipped';
export type StepStatus = 'passed' | 'failed' | 'skipped' | 'not-run';

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
}

export interface RunSummary {
  total: number;
  passed: number;
  failed: number;
  flaky: number;
  skipped: number;
  findings: number;
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
