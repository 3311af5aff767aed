import { dirname, resolve } from 'node:path';
import { Cron } from 'croner';
import { z } from 'zod';
import { assertTimeZone } from '../core/business-days.js';
import { HOLIDAY_CALENDARS, type HolidayCalendar } from '../core/holidays.js';
import { didYouMean } from '../core/did-you-mean.js';
import { DURATION_EXAMPLES, parseDuration } from '../core/duration.js';
import { readHostPort, type HostPort } from '../core/host-port.js';
import { DiagnosticCode, type Diagnostic } from '../model/diagnostic.js';
import { parseExpressions } from '../journey/expressions.js';
import { readSource } from '../journey/read-source.js';
import { nodeAt, spanOf } from '../core/yaml-nodes.js';
import { problemsFromZod, type Problem } from '../journey/zod-issues.js';

/**
 * monitor.yaml: which journeys run when, and who is told when their state changes.
 * Problems are diagnostics with file:line:col, exactly like journey files.
 */

export const ALERT_EVENTS = ['failed', 'recovered', 'flaky'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

export interface ScheduleConfig {
  /** File name patterns (`*` wildcards) relative to the journeys folder. */
  journeys: string[];
  cron?: string;
  timezone?: string;
  everyMs?: number;
  jitterMs: number;
  /**
   * Business days only: slots on a weekend or a holiday of this calendar (the calendars of
   * expectNoEmail's business days) are skipped. Absent: every slot runs.
   */
  calendar?: HolidayCalendar;
  /** Each journey runs once when the monitor starts, then on its slots. */
  runAtStart?: boolean;
  /** Where it was written, for messages. */
  line: number;
}

export interface AlertConfig {
  kind: 'webhook' | 'email';
  /** URL (with `${{ env.X }}` resolved) or address. Never shown in full: see `label`. */
  target: string;
  /** What people may see: the webhook's host, or the address. */
  label: string;
  on: AlertEvent[];
}

export interface MonitorConfig {
  file: string;
  journeysDir: string;
  schedules: ScheduleConfig[];
  alerts: AlertConfig[];
  concurrency: number;
  /** SMTP relay for e-mail alerts. */
  relay?: HostPort;
  /** Sender of e-mail alerts. */
  from: string;
  /** The dashboard's address as people reach it, for links in alerts. */
  url?: string;
  /** --env-file for the runs. */
  envFile?: string;
  retention: { maxAgeMs: number; maxRunsPerJourney: number };
}

export type ConfigResult = { ok: true; config: MonitorConfig } | { ok: false; diagnostics: Diagnostic[]; text?: string };

const duration = (what: string) =>
  z.union([z.string(), z.number()]).refine((value) => parseDuration(value) !== undefined, {
    message: `not a duration`,
    params: { code: DiagnosticCode.badDuration, expected: `a ${what} such as ${DURATION_EXAMPLES}` },
  });

const scheduleShape = {
  journeys: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  cron: z.string().min(1).optional(),
  timezone: z.string().min(1).optional(),
  every: duration('period').optional(),
  jitter: duration('jitter').optional(),
  'business-days': z.boolean().optional(),
  calendar: z.enum(HOLIDAY_CALENDARS as ['US', 'CA', 'none']).optional(),
  'run-at-start': z.boolean().optional(),
};
const scheduleSchema = z
  .strictObject(scheduleShape)
  .superRefine((value, ctx) => {
    if ((value.cron === undefined) === (value.every === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a schedule needs either cron: or every: (one of them)', params: { expected: 'cron: "0 7 * * 1-5" or every: 30m' }, path: [] });
    }
    const businessDays = value['business-days'] ?? value.calendar !== undefined;
    if (value.timezone !== undefined && value.cron === undefined && !businessDays) {
      ctx.addIssue({ code: 'custom', message: 'timezone: applies to cron: schedules, or to every: with business-days: true (the zone that decides which day a slot falls on)', path: ['timezone'] });
    }
    if (value.calendar !== undefined && value['business-days'] === false) {
      ctx.addIssue({ code: 'custom', message: 'calendar: says which holidays business-days: skips; with business-days: false it does nothing', params: { expected: 'business-days: true, or no calendar:' }, path: ['calendar'] });
    }
  });

const alertShape = {
  webhook: z.string().min(1).optional(),
  email: z.string().min(1).optional(),
  on: z.array(z.enum(ALERT_EVENTS)).min(1).optional(),
};
const alertSchema = z
  .strictObject(alertShape)
  .superRefine((value, ctx) => {
    if ((value.webhook === undefined) === (value.email === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'an alert needs either webhook: or email: (one of them)', params: { expected: 'webhook: ${{ env.SLACK_WEBHOOK }} or email: marketing@example.com' }, path: [] });
    }
  });

const configSchema = z.strictObject({
  journeys: z.string().min(1).optional(),
  schedules: z.array(scheduleSchema).min(1),
  alerts: z.array(alertSchema).optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
  relay: z.string().min(1).optional(),
  from: z.string().min(3).optional(),
  url: z.string().url().optional(),
  'env-file': z.string().min(1).optional(),
  retention: z.strictObject({ age: duration('age').optional(), runs: z.number().int().min(1).optional() }).optional(),
});

export const DEFAULT_CONFIG_FILE = 'monitor.yaml';
const DEFAULT_RETENTION = { maxAgeMs: 90 * 86_400_000, maxRunsPerJourney: 1000 };

/** Reads and checks monitor.yaml; `env` resolves `${{ env.X }}` in alert targets. */
export function loadMonitorConfig(file: string, env: Record<string, string | undefined> = process.env): ConfigResult {
  const path = resolve(file);
  const read = readSource(path);
  if (!read.ok) return read;
  const { source } = read;
  const data: unknown = source.doc.toJS({ maxAliasCount: 50 });
  const diagnostic = (problem: Omit<Problem, 'path'>, at: readonly PropertyKey[], key = false): Diagnostic => {
    const span = spanOf(nodeAt(source.doc.contents, at, { key }), source.lines, source.text);
    return { file: path, line: span.line, column: span.column, length: span.length, code: problem.code, message: problem.message, expected: problem.expected, suggestion: problem.suggestion };
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, text: source.text, diagnostics: [diagnostic({ code: DiagnosticCode.notAMapping, message: 'monitor.yaml should be a mapping (journeys:, schedules:, alerts:)' }, [])] };
  }
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    const problems = problemsFromZod(parsed.error, configSchema, data, { subject: 'key' }).map((p) => {
      if (p.code !== DiagnosticCode.unknownArgument) return p;
      // zod cannot name the keys of a list's items: the schema's own key lists can.
      const allowed = keysFor(p.path.slice(0, -1));
      const key = String(p.path.at(-1));
      return { ...p, code: DiagnosticCode.unknownKey, expected: `one of ${allowed.join(', ')}`, suggestion: didYouMean(key, allowed) };
    });
    return { ok: false, text: source.text, diagnostics: problems.map((p) => diagnostic(p, p.path, p.atKey)) };
  }
  const raw = parsed.data;
  const diagnostics: Diagnostic[] = [];
  const base = dirname(path);

  const schedules: ScheduleConfig[] = raw.schedules.map((s, i) => {
    if (s.cron !== undefined) {
      try {
        new Cron(s.cron, { paused: true, timezone: s.timezone });
      } catch (error) {
        diagnostics.push(diagnostic({ code: DiagnosticCode.badValue, message: `cron: ${(error as Error).message}`, expected: 'five fields: minute hour day-of-month month day-of-week, e.g. "0 7 * * 1-5"' }, ['schedules', i, 'cron']));
      }
    }
    if (s.timezone !== undefined) {
      try {
        assertTimeZone(s.timezone);
      } catch {
        diagnostics.push(diagnostic({ code: DiagnosticCode.badValue, message: `unknown time zone "${s.timezone}"`, expected: 'an IANA time zone such as Europe/Berlin or America/New_York' }, ['schedules', i, 'timezone']));
      }
    }
    const everyMs = s.every === undefined ? undefined : parseDuration(s.every);
    if (everyMs !== undefined && everyMs < 60_000) diagnostics.push(diagnostic({ code: DiagnosticCode.badDuration, message: 'every: runs a journey at most once a minute', expected: 'every: 1m or longer' }, ['schedules', i, 'every']));
    const line = spanOf(nodeAt(source.doc.contents, ['schedules', i]), source.lines, source.text).line;
    // Business days as expectNoEmail counts them: the US federal calendar unless told otherwise.
    const businessDays = s['business-days'] ?? s.calendar !== undefined;
    const calendar = businessDays ? (s.calendar ?? 'US') : undefined;
    return {
      journeys: typeof s.journeys === 'string' ? [s.journeys] : s.journeys,
      cron: s.cron,
      timezone: s.timezone,
      everyMs,
      jitterMs: s.jitter === undefined ? 0 : parseDuration(s.jitter)!,
      calendar,
      runAtStart: s['run-at-start'] ?? false,
      line,
    };
  });

  const alerts: AlertConfig[] = (raw.alerts ?? []).flatMap((a, i): AlertConfig[] => {
    const key = a.webhook !== undefined ? 'webhook' : 'email';
    const written = (a.webhook ?? a.email)!;
    const target = resolveEnv(written, env, (message, expected) => diagnostics.push(diagnostic({ code: DiagnosticCode.missingVariable, message, expected }, ['alerts', i, key])));
    if (target === undefined) return [];
    const on = a.on ?? (key === 'webhook' ? [...ALERT_EVENTS] : ['failed' as const]);
    if (key === 'webhook') {
      let url: URL | undefined;
      try {
        url = new URL(target);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        diagnostics.push(diagnostic({ code: DiagnosticCode.badValue, message: 'webhook: is not an http(s) URL', expected: 'https://hooks.slack.com/services/… (better: ${{ env.SLACK_WEBHOOK }})' }, ['alerts', i, key]));
        return [];
      }
      return [{ kind: 'webhook', target, label: `webhook ${url.host}`, on }];
    }
    if (!/^[^@\s]+@[^@\s]+$/.test(target)) {
      diagnostics.push(diagnostic({ code: DiagnosticCode.badValue, message: `email: "${target}" is not an address`, expected: 'marketing@example.com' }, ['alerts', i, key]));
      return [];
    }
    return [{ kind: 'email', target, label: target, on }];
  });

  let relay: MonitorConfig['relay'];
  if (raw.relay !== undefined) {
    const reading = readHostPort(raw.relay);
    if (reading.ok) relay = reading.value;
    else diagnostics.push(diagnostic({ code: DiagnosticCode.badValue, message: `relay: "${raw.relay}" is not host:port: ${reading.problem}`, expected: 'smtp.example.com:25' }, ['relay']));
  }
  if (alerts.some((a) => a.kind === 'email') && raw.relay === undefined) {
    diagnostics.push(diagnostic({ code: DiagnosticCode.missingKey, message: 'e-mail alerts need relay: (the SMTP relay they are sent through)', expected: 'relay: smtp.example.com:25' }, ['alerts']));
  }
  if (diagnostics.length) return { ok: false, text: source.text, diagnostics };

  return {
    ok: true,
    config: {
      file: path,
      journeysDir: resolve(base, raw.journeys ?? 'journeys'),
      schedules,
      alerts,
      concurrency: raw.concurrency ?? 2,
      relay,
      from: raw.from ?? 'journey-audit monitor <monitor@journey-audit.invalid>',
      url: raw.url?.replace(/\/$/, ''),
      envFile: raw['env-file'] === undefined ? undefined : resolve(base, raw['env-file']),
      retention: {
        maxAgeMs: raw.retention?.age === undefined ? DEFAULT_RETENTION.maxAgeMs : parseDuration(raw.retention.age)!,
        maxRunsPerJourney: raw.retention?.runs ?? DEFAULT_RETENTION.maxRunsPerJourney,
      },
    },
  };
}

function keysFor(parent: readonly PropertyKey[]): string[] {
  const shapeOf = (schema: z.ZodType) => Object.keys((schema as unknown as { shape?: Record<string, unknown> }).shape ?? {});
  if (parent.length === 0) return shapeOf(configSchema);
  if (parent[0] === 'schedules') return Object.keys(scheduleShape);
  if (parent[0] === 'alerts') return Object.keys(alertShape);
  if (parent[0] === 'retention') return ['age', 'runs'];
  return [];
}

/** `${{ env.X }}` only (an alert target is not a journey: no secrets, mailboxes or captures). */
function resolveEnv(value: string, env: Record<string, string | undefined>, problem: (message: string, expected?: string) => void): string | undefined {
  const { expressions, problems } = parseExpressions(value);
  if (problems.length) {
    problem(problems[0].message, problems[0].expected);
    return undefined;
  }
  let out = value;
  for (const expression of expressions) {
    if (expression.namespace !== 'env' || expression.path.length !== 1) {
      problem(`${expression.text}: only \${{ env.NAME }} can be used here`, '${{ env.SLACK_WEBHOOK }}');
      return undefined;
    }
    const name = expression.path[0];
    const found = env[name];
    if (found === undefined || found === '') {
      problem(`${expression.text}: ${name} is not set`, `set ${name} in the monitor's environment`);
      return undefined;
    }
    out = out.replace(expression.text, found);
  }
  return out;
}
