import { z } from 'zod';
import { formatDuration } from '../core/duration.js';
import { captureName, duration, mailboxName, pattern } from './args.js';
import { defineStep } from './define-step.js';
import { fail } from './step-failure.js';

export default defineStep({
  name: 'waitForEmail',
  summary: 'Wait until a matching email arrives in one of the journey’s mailboxes',
  args: z.strictObject({
    to: mailboxName,
    subject: pattern.optional(),
    from: pattern.optional(),
    within: duration.default(30_000),
    since: z
      .enum(['unread', 'step'])
      .default('unread')
      .meta({ description: 'unread: any mail no earlier step matched (default); step: only mail that arrives after this step starts' }),
    as: captureName.optional().meta({ description: 'Remember the mail for openLink and ${{ captures.NAME.subject }}' }),
  }),
  shorthand: 'to',
  mailboxArgs: ['to'],
  definesCapture: 'as',
  sideEffects: false,
  example: '- waitForEmail: { to: reader, subject: /confirm/i, as: confirm }',
  budgetMs: (a) => a.within,
  describe: (a) => `wait for email to ${a.to}${a.subject ? ` with subject ${a.subject}` : ''}`,
  async run(ctx, a) {
    const query = { subject: a.subject, from: a.from, since: a.since === 'step' ? ctx.startedAt : undefined };
    const mail = await ctx.mail.waitFor(a.to, query, a.within);
    if (!mail) {
      const what = [a.subject && `subject ${a.subject}`, a.from && `from ${a.from}`].filter(Boolean).join(', ');
      fail('MAIL_NOT_RECEIVED', `No email${what ? ` (${what})` : ''} arrived at ${ctx.mail.address(a.to)} within ${formatDuration(a.within)}.`);
    }
    if (a.as) ctx.captures.set(a.as, mail);
  },
});
