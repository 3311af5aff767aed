import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { parseWindow, windowEnd, defaultTimeZone, assertTimeZone, WINDOW_EXAMPLES } from '../core/business-days.js';
import type { Clock } from '../core/clock.js';
import { InvalidInputError } from '../core/errors.js';
import { HOLIDAY_CALENDARS, type HolidayCalendar } from '../core/holidays.js';
import type { ObservationRecord, ObservedMail } from '../model/report.js';

/**
 * A "no more mail" observation that can outlive one run: its state lives in a JSON file
 * that a later run (tomorrow's CI job) continues. The file is written atomically and is
 * never silently reset: a corrupt file or one from an unknown version is an error.
 *
 * Two durations: `window` is how long we watch after the unsubscribe; `grace` is the
 * honour window the rule allows (GOOGLE-2: 2 days; CANSPAM-OPTOUT: 10 business days).
 * Mail inside the grace period is listed but allowed; mail after it and before the
 * window closes is a violation. Without `grace`, every mail after the unsubscribe is one.
 */
export const OBSERVATION_FORMAT = 'journey-audit/observation';
export const OBSERVATION_VERSION = 1;

export interface ObservationInit {
  /** The address that unsubscribed (the later run keeps watching this one). */
  address: string;
  filters?: Record<string, string>;
  /** How long to watch: "30s", "2 days", "10 business days". */
  window: string;
  /** The honour window the rule allows; mail within it is listed, not a violation. */
  grace?: string;
  calendar?: HolidayCalendar;
  timeZone?: string;
  /** When the unsubscribe happened (ms since epoch); default: now. */
  startedAt?: number;
  runId: string;
}

export interface StoredObservation extends ObservationRecord {
  grace?: string;
  graceEndsAt?: string;
  calendar: HolidayCalendar;
  timeZone: string;
}

export interface Observation {
  file: string;
  record: StoredObservation;
}

export interface MailSeen {
  receivedAt: number | string;
  from: string;
  subject: string;
  sha256?: string;
  path?: string;
}

interface ObservationFile {
  format: typeof OBSERVATION_FORMAT;
  version: number;
  observation: StoredObservation;
}

export function observationFile(dir: string, key: string): string {
  const safe = key.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '').slice(0, 80) || 'observation';
  const suffix = safe === key ? '' : `-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
  return join(dir, `${safe}${suffix}.observation.json`);
}

function readWindow(text: string, what: string) {
  const window = parseWindow(text);
  if (!window) throw new InvalidInputError(`${what} "${text}" is not a window`, `Write it like ${WINDOW_EXAMPLES}.`);
  return window;
}

/** Opens the observation saved under `key`, or starts it. The saved one wins; a changed journey is an error. */
export async function openObservation(dir: string, key: string, init: ObservationInit, clock: Clock): Promise<Observation> {
  const file = observationFile(dir, key);
  const existing = await loadObservation(file);
  if (existing) {
    const record = existing;
    const changed: string[] = (['window', 'grace'] as const).filter((k) => (record[k] ?? '') !== (init[k] ?? ''));
    if (JSON.stringify(sortKeys(record.filters)) !== JSON.stringify(sortKeys(init.filters ?? {}))) changed.push('filters');
    if (changed.length) {
      throw new InvalidInputError(
        `the observation saved in ${file} was started with a different ${changed.join(' and ')} than the journey now asks for`,
        'Keep the journey as it was until the observation closes, or delete the file to start a new observation.',
      );
    }
    if (record.runs[record.runs.length - 1] !== init.runId) record.runs.push(init.runId);
    record.status = evaluate(record, clock);
    await saveObservation(file, record);
    return { file, record };
  }

  const calendar = init.calendar ?? 'none';
  if (!HOLIDAY_CALENDARS.includes(calendar)) throw new InvalidInputError(`unknown holiday calendar "${String(calendar)}"`, `Use one of ${HOLIDAY_CALENDARS.join(', ')}.`);
  const timeZone = init.timeZone ?? defaultTimeZone(calendar);
  assertTimeZone(timeZone);
  const startedAt = init.startedAt ?? clock.now();
  const closesAt = windowEnd(startedAt, readWindow(init.window, 'the window'), calendar, timeZone);
  const graceEndsAt = init.grace === undefined ? undefined : windowEnd(startedAt, readWindow(init.grace, 'the grace period'), calendar, timeZone);
  const record: StoredObservation = {
    id: key,
    address: init.address,
    filters: init.filters ?? {},
    window: init.window,
    ...(init.grace === undefined ? {} : { grace: init.grace, graceEndsAt: new Date(graceEndsAt!).toISOString() }),
    calendar,
    timeZone,
    startedAt: new Date(startedAt).toISOString(),
    closesAt: new Date(closesAt).toISOString(),
    status: 'open',
    mails: [],
    runs: [init.runId],
  };
  record.status = evaluate(record, clock);
  await mkdir(dir, { recursive: true });
  await saveObservation(file, record);
  return { file, record };
}

/** Adds mail that matched the observation's filters (each mail once) and saves. */
export async function recordMails(obs: Observation, mails: readonly MailSeen[], clock: Clock): Promise<StoredObservation> {
  const record = obs.record;
  const started = Date.parse(record.startedAt);
  const graceEnd = record.graceEndsAt ? Date.parse(record.graceEndsAt) : started;
  const known = new Set(record.mails.map(identity));
  for (const mail of mails) {
    const at = typeof mail.receivedAt === 'number' ? mail.receivedAt : Date.parse(mail.receivedAt);
    if (!Number.isFinite(at)) continue;
    const seen: ObservedMail = {
      receivedAt: new Date(at).toISOString(),
      from: mail.from,
      subject: mail.subject,
      offsetMs: at - started,
      ...(mail.sha256 ? { sha256: mail.sha256 } : {}),
      ...(mail.path ? { path: mail.path } : {}),
      withinGrace: at <= graceEnd,
    };
    const id = identity(seen);
    if (known.has(id)) continue;
    known.add(id);
    record.mails.push(seen);
  }
  record.mails.sort((a, b) => a.offsetMs - b.offsetMs);
  record.status = evaluate(record, clock);
  await saveObservation(obs.file, record);
  return record;
}

function identity(mail: ObservedMail): string {
  return mail.sha256 ?? `${mail.receivedAt}|${mail.from}|${mail.subject}`;
}

/** Mail that breaks the promise: after the grace period (or the unsubscribe) and before the window closed. */
export function violations(record: StoredObservation): ObservedMail[] {
  const started = Date.parse(record.startedAt);
  const graceEnd = record.graceEndsAt ? Date.parse(record.graceEndsAt) : started;
  const closes = Date.parse(record.closesAt);
  return record.mails.filter((m) => {
    const at = Date.parse(m.receivedAt);
    return at >= started && at > graceEnd && at <= closes;
  });
}

/**
 * 'failed' as soon as one mail broke the promise; 'passed' once the window has closed
 * without one (the caller records the mailbox up to now before asking); else 'open'.
 */
export function evaluate(record: StoredObservation, clock: Clock): 'open' | 'passed' | 'failed' {
  if (violations(record).length > 0) return 'failed';
  return clock.now() >= Date.parse(record.closesAt) ? 'passed' : 'open';
}

/** The rule an observation's verdict rests on: business-day grace → CAN-SPAM, else Google/Yahoo's 2 days. */
export function observationRule(record: StoredObservation): string {
  const grace = record.grace === undefined ? undefined : parseWindow(record.grace);
  return grace?.kind === 'days' && grace.business ? 'CANSPAM-OPTOUT' : 'GOOGLE-2';
}

/** Reads a saved observation; undefined when there is none. Corrupt or unknown files are errors. */
export async function loadObservation(file: string): Promise<StoredObservation | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const broken = (why: string) =>
    new InvalidInputError(`the saved observation ${file} cannot be read: ${why}`, 'It is kept as it is. Repair it, or delete it to start a new observation.');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw broken(`it is not valid JSON (${(error as Error).message})`);
  }
  const f = data as Partial<ObservationFile> | null;
  if (!f || typeof f !== 'object' || f.format !== OBSERVATION_FORMAT) throw broken('it is not a journey-audit observation file');
  if (f.version !== OBSERVATION_VERSION) throw broken(`it has format version ${String(f.version)}; this journey-audit reads version ${OBSERVATION_VERSION}`);
  const o = f.observation as Partial<StoredObservation> | undefined;
  const problem = shapeProblem(o);
  if (problem) throw broken(problem);
  return o as StoredObservation;
}

function shapeProblem(o: Partial<StoredObservation> | undefined): string | undefined {
  if (!o || typeof o !== 'object') return 'the observation is missing';
  for (const k of ['id', 'address', 'window', 'startedAt', 'closesAt', 'calendar', 'timeZone'] as const) {
    if (typeof o[k] !== 'string') return `"${k}" is missing`;
  }
  for (const k of ['startedAt', 'closesAt'] as const) if (!Number.isFinite(Date.parse(o[k]!))) return `"${k}" is not a date`;
  if (o.graceEndsAt !== undefined && !Number.isFinite(Date.parse(o.graceEndsAt))) return '"graceEndsAt" is not a date';
  if (!['open', 'passed', 'failed'].includes(o.status as string)) return '"status" is not open, passed or failed';
  if (!Array.isArray(o.mails) || !o.mails.every((m) => m && typeof m.receivedAt === 'string' && typeof m.offsetMs === 'number')) return '"mails" is malformed';
  if (!Array.isArray(o.runs) || !o.runs.every((r) => typeof r === 'string')) return '"runs" is malformed';
  if (!o.filters || typeof o.filters !== 'object') return '"filters" is missing';
  return undefined;
}

/** Write to a temporary file in the same folder, flush, then rename: readers never see half a file. */
async function saveObservation(file: string, record: StoredObservation): Promise<void> {
  const content: ObservationFile = { format: OBSERVATION_FORMAT, version: OBSERVATION_VERSION, observation: record };
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

function sortKeys(o: Record<string, string>): [string, string][] {
  return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}
