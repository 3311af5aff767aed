import { formatDuration } from '../core/duration.js';
import { parseWindow } from '../core/business-days.js';
import { defineStep } from './define-step.js';
import { expectNoEmailArgs as args, onList } from './expect-no-email-args.js';
import { observeAcrossRuns } from './mail-observation.js';
import { fail } from './step-failure.js';

export default defineStep({
  name: 'expectNoEmail',
  summary: 'Check that no matching email arrives during a window (e.g. after unsubscribing) — within the run, or over days across runs',
  args,
  shorthand: 'to',
  mailboxArgs: ['to'],
  sideEffects: false,
  judges: 'audit',
  example: [
    '- waitForEmail: { to: reader, subject: This week, as: news }   # the window opens when this step ends',
    '- openLink: { in: news, text: Unsubscribe }',
    '- click: Unsubscribe',
    '- http: { method: POST, url: /admin/send-campaign }             # mail sent here already counts',
    '- expectNoEmail: { to: reader, from: news@example.com, for: 20s, reason: unsubscribed }   # …and 20s more',
  ].join('\n'),
  resumesAcrossRuns: (raw) => {
    const a = raw as { to?: unknown; for?: unknown; observe?: unknown };
    const days = typeof a.for === 'string' && parseWindow(a.for)?.kind === 'days';
    return days && typeof a.to === 'string' ? { mailbox: a.to, observe: typeof a.observe === 'string' ? a.observe : undefined } : undefined;
  },
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
    fail('MAIL_UNEXPECTED', `${mails.length} email(s) arrived when none should have (${list}), the first ${after}s after this step started (the window opened when the previous mail step ended and lasted ${formatDuration(a.for.window.ms)} past this step's start).`, { evidence, details });
  },
});
