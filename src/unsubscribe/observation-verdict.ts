import type { Clock } from '../core/clock.js';
import type { ObservedMail } from '../model/report.js';
import type { AuditProblem } from './header-audit.js';
import { evaluate, observationRule, type StoredObservation, violations } from './observation-store.js';

/**
 * An observation in words: one sentence, the findings, and a timeline of every mail
 * placed relative to the unsubscribe — for the step's verdict and the report.
 */
export interface ObservationVerdict {
  status: 'open' | 'passed' | 'failed';
  summary: string;
  problems: AuditProblem[];
  timeline: string[];
}

/** "+2d 3h", "+45m", "+12s", "-3s" (before the unsubscribe). */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  let rest = Math.round(Math.abs(ms) / 1000);
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  const parts = days ? [`${days}d`, hours ? `${hours}h` : ''] : hours ? [`${hours}h`, minutes ? `${minutes}m` : ''] : minutes ? [`${minutes}m`, seconds ? `${seconds}s` : ''] : [`${seconds}s`];
  return `${sign}${parts.filter(Boolean).join(' ')}`;
}

function describeMail(m: ObservedMail): string {
  return `“${m.subject}” from ${m.from} at ${m.receivedAt} (${formatOffset(m.offsetMs)} after the unsubscribe)`;
}

export function observationVerdict(record: StoredObservation, clock: Clock): ObservationVerdict {
  const status = evaluate(record, clock);
  const late = violations(record);
  const rule = observationRule(record);
  const allowed = record.mails.filter((m) => m.withinGrace && m.offsetMs >= 0);
  const graceText = record.grace ? ` and the ${record.grace} allowed to honour it` : '';
  const problems: AuditProblem[] = late.map((m) => ({
    code: 'UNSUB_NOT_HONOURED',
    message: `Mail kept coming after the unsubscribe${graceText}: ${describeMail(m)}.`,
    rule,
  }));
  const summary =
    status === 'failed'
      ? `${late.length} mail${late.length === 1 ? '' : 's'} arrived after the unsubscribe${graceText}; the first: ${describeMail(late[0])}.`
      : status === 'passed'
        ? `No mail arrived for ${record.address} in the ${record.window} after the unsubscribe${allowed.length ? ` beyond the ${allowed.length} allowed within ${record.grace}` : ''}.`
        : `Watching ${record.address} until ${record.closesAt} (${record.window}); no mail so far${allowed.length ? ` beyond the ${allowed.length} allowed within ${record.grace}` : ''}.`;
  const timeline = [
    `${record.startedAt}  +0s  unsubscribed (${record.address})`,
    ...(record.graceEndsAt ? [`${record.graceEndsAt}  ${formatOffset(Date.parse(record.graceEndsAt) - Date.parse(record.startedAt))}  the ${record.grace} to honour it end`] : []),
    ...record.mails.map((m) => `${m.receivedAt}  ${formatOffset(m.offsetMs)}  mail “${m.subject}” from ${m.from}${m.offsetMs < 0 ? ' (before the unsubscribe)' : m.withinGrace ? ' (allowed)' : Date.parse(m.receivedAt) > Date.parse(record.closesAt) ? ' (after the window)' : ' (NOT HONOURED)'}`),
    `${record.closesAt}  ${formatOffset(Date.parse(record.closesAt) - Date.parse(record.startedAt))}  the ${record.window} window closes`,
  ].sort();
  return { status, summary, problems, timeline };
}
