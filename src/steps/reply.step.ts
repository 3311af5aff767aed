import { z } from 'zod';
import { captureName, mailboxName, relayAddress } from './args.js';
import { actingMailbox } from './acting-mailbox.js';
import { defineStep } from './define-step.js';
import { firstAddress } from '../mail/addresses.js';
import { valuesOf } from '../unsubscribe/header-lines.js';
import { resolveRelay } from './relay.js';
import { fail } from './step-failure.js';

export default defineStep({
  name: 'reply',
  summary: 'Reply to a received email as the customer (e.g. “unsubscribe”), through the run’s SMTP relay',
  args: z.strictObject({
    to: captureName.meta({ description: 'The email to answer (remembered by waitForEmail `as:`)' }),
    body: z.string().meta({ description: 'What the customer writes' }),
    subject: z.string().optional().meta({ description: 'Default: “Re: ” and the original subject' }),
    relay: relayAddress.optional(),
    as: mailboxName.optional().meta({ description: 'The customer who replies: needed when the email reached several of the journey’s mailboxes' }),
  }),
  captureArgs: ['to'],
  mailboxArgs: ['as'],
  sideEffects: true,
  example: '- reply: { to: newsletter, body: Please unsubscribe me }',
  describe: (a) => `reply to the email "${a.to}"`,
  async run(ctx, a) {
    const mail = ctx.captures.get(a.to);
    if (!mail || typeof mail === 'string') fail('STEP_FAILED', `"${a.to}" is not an email remembered by an earlier waitForEmail step.`);
    const customer = actingMailbox(ctx, mail, a.as);
    const relay = resolveRelay(ctx, a.relay);
    const [replyTo] = valuesOf(mail.headerLines, 'reply-to');
    const { sendMailAs } = await import('../unsubscribe/index.js');
    const sent = await sendMailAs({
      relay,
      from: customer.address,
      to: firstAddress(replyTo || mail.from),
      subject: a.subject ?? (/^re:/i.test(mail.subject) ? mail.subject : `Re: ${mail.subject}`),
      text: a.body,
      inReplyTo: mail.messageId,
      references: mail.messageId ? [mail.messageId] : undefined,
    });
    ctx.recordSideEffect({ kind: 'reply-sent', target: firstAddress(replyTo || mail.from), mailbox: customer.mailbox, address: customer.address });
    await ctx.attach('reply.eml', sent.raw, 'message/rfc822');
  },
});
