import { z } from 'zod';
import { FINDING_CODES, type FindingCode } from '../model/finding-codes.js';
import { REPORT_SCHEMA_VERSION, type Report } from '../model/report.js';

/**
 * report.json as a zod schema, kept in step with the interfaces in model.ts by the
 * type-level check at the bottom (a field added to one and not the other fails
 * `tsc`). Objects are not strict: readers ignore fields they do not know, so adding an
 * optional field stays compatible (docs/report-format.md).
 */
const location = z.object({ file: z.string(), line: z.number().int(), column: z.number().int() });
const severity = z.enum(['error', 'warning', 'info']);
const findingCode = z.enum(Object.keys(FINDING_CODES) as [FindingCode, ...FindingCode[]]);
const relativePath = z.string().describe('relative to the report folder');

const attachment = z.object({ name: z.string(), contentType: z.string(), path: relativePath });

const finding = z.object({
  code: findingCode,
  severity,
  message: z.string().describe('one plain sentence'),
  rule: z.string().optional().describe('rule id from the rules table: an indicator, not a legal conclusion'),
  step: z.string().optional(),
  location: location.optional(),
  evidence: z.array(relativePath),
  details: z.record(z.string(), z.unknown()).optional(),
});

const step = z.object({
  title: z.string(),
  kind: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  file: z.string(),
  status: z.enum(['passed', 'failed', 'skipped', 'not-run', 'inconclusive']),
  durationMs: z.number(),
  error: z.string().optional(),
  navigations: z.array(z.object({ url: z.string(), status: z.number().int() })).optional(),
  attachments: z.array(attachment),
});

const mail = z.object({
  id: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  receivedAt: z.string(),
  size: z.number().int(),
  path: relativePath,
  sha256: z.string(),
});

const link = z.object({
  url: z.string(),
  parent: z.string(),
  where: z.string().optional(),
  parentTitle: z.string().optional(),
  text: z.string(),
  state: z.enum(['ok', 'broken', 'blocked', 'skipped']),
  reason: z.string().optional(),
  status: z.number().int().optional(),
  chain: z.array(z.object({ url: z.string(), status: z.number().int() })),
  ms: z.number(),
});

const verdict = z.object({
  path: z.enum(['header', 'body', 'one-click', 'mailto', 'link', 'reply', 'observation', 'dkim']),
  verdict: z.enum(['passed', 'failed', 'not-offered', 'inconclusive']),
  summary: z.string(),
  rules: z.array(z.string()),
  findings: z.array(findingCode),
  evidence: z.array(relativePath),
  pages: z.number().int().optional(),
  actions: z.number().int().optional(),
  step: z.string().optional(),
  mailbox: z.string().optional(),
  listId: z.string().optional(),
  signatures: z.array(z.object({ domain: z.string(), selector: z.string().optional(), result: z.string(), aligned: z.union([z.string(), z.literal(false)]), coversUnsubscribe: z.boolean() })).optional(),
  mailStopped: z.object({ stopped: z.boolean(), window: z.string(), mails: z.number().int(), evidence: z.array(relativePath), step: z.string().optional() }).optional(),
});

const observation = z.object({
  id: z.string(),
  address: z.string(),
  filters: z.record(z.string(), z.string()),
  window: z.string(),
  startedAt: z.string(),
  closesAt: z.string(),
  status: z.enum(['open', 'passed', 'failed']),
  mails: z.array(z.object({ receivedAt: z.string(), from: z.string(), subject: z.string(), offsetMs: z.number(), path: relativePath.optional() })),
  runs: z.array(z.string()),
});

const sideEffect = z.object({
  at: z.string(),
  kind: z.enum(['one-click-post', 'mailto-sent', 'reply-sent', 'mail-sent', 'link-followed', 'form-submitted', 'challenge-followed']),
  target: z.string(),
  method: z.string().optional(),
  mailbox: z.string().optional(),
  address: z.string().optional(),
  step: z.string().optional(),
});

const journey = z.object({
  name: z.string(),
  file: z.string(),
  status: z.enum(['passed', 'failed', 'flaky', 'skipped', 'inconclusive']),
  durationMs: z.number(),
  retries: z.number().int(),
  error: z.string().optional(),
  steps: z.array(step),
  findings: z.array(finding),
  mailboxes: z.record(z.string(), z.string()),
  mails: z.array(mail),
  attachments: z.array(attachment),
  links: z.array(link).optional(),
  unsubscribe: z.array(verdict).optional(),
  observations: z.array(observation).optional(),
  inconclusive: z.string().optional(),
  sideEffects: z.array(sideEffect).optional(),
});

export const reportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('journey-audit'), version: z.string() }),
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  complete: z.boolean(),
  shard: z.object({ current: z.number().int(), total: z.number().int() }).optional(),
  summary: z.object({ total: z.number().int(), passed: z.number().int(), failed: z.number().int(), flaky: z.number().int(), skipped: z.number().int(), inconclusive: z.number().int(), findings: z.number().int(), errors: z.number().int(), warnings: z.number().int() }),
  errors: z.array(z.string()),
  journeys: z.array(journey),
  strayMails: z.array(mail),
});

/** The JSON Schema of report.json (`journey-audit schema --report`). */
export function reportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(reportSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://journey-audit.dev/schema/report.v${REPORT_SCHEMA_VERSION}.schema.json`,
    title: 'journey-audit report.json',
    description: 'The result of a journey-audit run. Readers ignore fields they do not know; see docs/report-format.md.',
    ...schema,
  };
}

/** Problems of a parsed report.json, as `path: message` lines; empty when it is valid. */
export function reportProblems(value: unknown): string[] {
  const result = reportSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}

// The schema and the interfaces describe the same thing, in both directions.
type Parsed = z.infer<typeof reportSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const inSync: Same<Parsed, Report> = true;
void inSync;
