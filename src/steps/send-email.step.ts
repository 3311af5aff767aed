import { z } from 'zod';
import { mailboxName, relayAddress } from './args.js';
import { defineStep } from './define-step.js';
import { resolveRelay } from './relay.js';

export default defineStep({
  name: 'sendEmail',
  summary: 'Send an email as the customer (from one of the journey’s mailboxes) through the run’s SMTP relay',
  args: z.strictObject({
    from: mailboxName.meta({ description: 'The mailbox the customer writes from' }),
    to: z.string().min(3).meta({ description: 'Recipient address' }),
    subject: z.string().default(''),
    body: z.string().default(''),
    relay: relayAddress.optional(),
  }),
  mailboxArgs: ['from'],
  sideEffects: true,
  example: '- sendEmail: { from: reader, to: support@example.com, subject: Where is my order?, body: Hello }',
  describe: (a) => `send an email from ${a.from} to ${a.to}`,
  async run(ctx, a) {
    const relay = resolveRelay(ctx, a.relay);
    const { sendMailAs } = await import('../unsubscribe/index.js');
    const sent = await sendMailAs({ relay, from: ctx.mail.address(a.from), to: a.to, subject: a.subject, text: a.body });
    ctx.recordSideEffect({ kind: 'mail-sent', target: a.to, mailbox: a.from, address: ctx.mail.address(a.from) });
    await ctx.attach('sent.eml', sent.raw, 'message/rfc822');
  },
});
