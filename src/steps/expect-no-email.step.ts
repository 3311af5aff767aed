import { z } from 'zod';
import { formatDuration } from '../core/duration.js';
import { HOLIDAY_CALENDARS } from '../core/holidays.js';
import type { ReceivedMail } from '../mail/received-mail.js';
import { valuesOf } from '../unsubscribe/header-lines.js';
import { duration, mailboxName, pattern, window } from './args.js';
import { defineStep } from './define-step.js';
import { observeAcrossRuns } from './mail-observation.js';
import { fail } from './step-failure.js';

const DEFAULT_WATCH_MS = 10_000;

const args = z.strictObject({
  to: mailboxName,
  subject: pattern.optional(),
  from: pattern.optional(),
  listId: pattern.optional().meta({ description: 'Only mail whose List-Id header matches (one list among several from the same sender)' }),
  for: window.prefault(10_000).meta({ description: 'How long no mail may come: 20s within the run, or "2 days", "10 business days" across runs' }),
  reason: z
    .enum(['unsubscribed'])
    .optional()
    .meta({ description: 'Why no mail may come; "unsubscribed" reports UNSUB_NOT_HONOURED' }),
  grace: window.optional().meta({ description: 'Across runs: the time the rule allows to honour the unsubscribe (mail within it is listed, not a violation), e.g. 10 business days' }),
  calendar: z.enum(HOLIDAY_CALENDARS as ['US', 'CA', 'none']).default('US').meta({ description: 'Holidays that do not count as business days: US (federal), CA (federal) or none' }),
  watch: duration.default(DEFAULT_WATCH_MS).meta({ description: 'Across runs: how long each run watches the mailbox' }),
  observe: z.string().regex(/^[A-Za-z0-9._-]{1,80}$/).optional().meta({ description: 'Across runs: the name the observation is saved under (default: file and line)' }),
});

export type ExpectNoEmailArgs = z.output<typeof args>;

export default defineStep({
  name: 'expectNoEmail',
  summary: 'Check that no matching email arrives during a window (e.g. after unsubscribing) — within the run, or over days across runs',
  args,
  shorthand: 'to',
  mailboxArgs: ['to'],
  sideEffects: false,
  example: '- expectNoEmail: { to: reader, from: news@example.com, for: 20s, reason: unsubscribed }',
  budgetMs: (a) => (a.for.window.kind === 'ms' ? a.for.window.ms : a.watch),
  describe: (a) => `expect no email to ${a.to} for ${a.for.window.kind === 'ms' ? formatDuration(a.for.window.ms) : a.for.text}`,
  async run(ctx, a) {
    if (a.for.window.kind === 'days') return observeAcrossRuns(ctx, a);
    const mails = onList(await ctx.mail.collect(a.to, { subject: a.subject, from: a.from }, a.for.window.ms, { afterUnsubscribe: true }), a.listId);
    ctx.recordMailStopped(a.to, { stopped: mails.length === 0, window: a.for.text, mails: mails.length, evidence: mails.map((m) => ctx.evidencePath(m.path)) });
    if (mails.length === 0) return;
    const first = mails[0];
    const after = Math.max(0, Math.round((first.receivedAt - ctx.startedAt) / 1000));
    const list = mails.map((m) => `“${m.subject}” from ${m.from}`).join('; ');
    const evidence = mails.map((m) => ctx.evidencePath(m.path));
    const details = { mails: mails.map((m) => ({ id: m.id, subject: m.subject, from: m.from, receivedAt: new Date(m.receivedAt).toISOString() })) };
    if (a.reason === 'unsubscribed') {
      fail(
        'UNSUB_NOT_HONOURED',
        `${mails.length} email(s) still arrived after unsubscribing: ${list}. Indicator of non-compliance with GOOGLE-2 (honour unsubscribes within 48 hours) and CAN-SPAM opt-out rules.`,
        { evidence, details, rule: 'GOOGLE-2' },
      );
    }
    fail('MAIL_UNEXPECTED', `${mails.length} email(s) arrived when none should have (${list}), the first ${after}s into the ${formatDuration(a.for.window.ms)} window.`, { evidence, details });
  },
});

/** Mail of one list (by its List-Id header), or all mail when no list is named. */
export function onList(mails: ReceivedMail[], listId: ExpectNoEmailArgs['listId']): ReceivedMail[] {
  if (!listId) return mails;
  return mails.filter((m) => listId.test(valuesOf(m.headerLines, 'list-id')[0]));
}
