import { z } from 'zod';
import { formatDuration } from '../core/duration.js';
import { duration, mailboxName, pattern } from './args.js';
import { defineStep } from './define-step.js';
import { fail } from './step-failure.js';

export default defineStep({
  name: 'expectNoEmail',
  summary: 'Check that no matching email arrives during a window (e.g. after unsubscribing)',
  args: z.strictObject({
    to: mailboxName,
    subject: pattern.optional(),
    from: pattern.optional(),
    for: duration.default(10_000).meta({ description: 'How long to watch the mailbox' }),
    reason: z
      .enum(['unsubscribed'])
      .optional()
      .meta({ description: 'Why no mail may come; "unsubscribed" reports UNSUB_NOT_HONOURED' }),
  }),
  shorthand: 'to',
  mailboxArgs: ['to'],
  sideEffects: false,
  example: '- expectNoEmail: { to: reader, from: news@example.com, for: 20s, reason: unsubscribed }',
  budgetMs: (a) => a.for,
  describe: (a) => `expect no email to ${a.to} for ${formatDuration(a.for)}`,
  async run(ctx, a) {
    const mails = await ctx.mail.collect(a.to, { subject: a.subject, from: a.from }, a.for);
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
    fail('MAIL_UNEXPECTED', `${mails.length} email(s) arrived when none should have (${list}), the first ${after}s into the ${formatDuration(a.for)} window.`, { evidence, details });
  },
});
