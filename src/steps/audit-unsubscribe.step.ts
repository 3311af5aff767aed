import { z } from 'zod';
import { captureName, mailboxName, pattern, relayAddress } from './args.js';
import { defineStep } from './define-step.js';
import { actingMailbox } from './acting-mailbox.js';
import { resolveRelay } from './relay.js';
import { FindingsRecorded, fail } from './step-failure.js';
import { auditBodyPath } from './unsubscribe/body-path.js';
import { auditDkimPath } from './unsubscribe/dkim-path.js';
import { auditHeaderPath } from './unsubscribe/header-path.js';
import { auditLinkPath } from './unsubscribe/link-path.js';
import { auditMailtoPath } from './unsubscribe/mailto-path.js';
import { auditOneClickPath } from './unsubscribe/one-click-path.js';
import { provingEachPathOnce } from './unsubscribe/separate-proof.js';

const PATHS = ['one-click', 'mailto', 'link'] as const;

export default defineStep({
  name: 'auditUnsubscribe',
  summary: 'Audit how a received email lets the customer unsubscribe (headers, visible link) and unsubscribe by one-click, mailto or the link',
  args: z.strictObject({
    in: captureName.meta({ description: 'The email (remembered by waitForEmail `as:`)' }),
    via: z
      .union([z.enum(['all', ...PATHS]), z.array(z.enum(PATHS)).min(1)])
      .default('all')
      .meta({ description: 'Which way to unsubscribe: one-click (RFC 8058 POST), mailto (an email through the relay), link (the browser), or all' }),
    confirmation: pattern.optional().meta({ description: 'Text of the confirmation page on the link path (default: common "you are unsubscribed" wordings)' }),
    encoding: z.enum(['form', 'multipart']).default('form').meta({ description: 'Body encoding of the one-click POST' }),
    relay: relayAddress.optional(),
    as: mailboxName.optional().meta({ description: 'The customer who unsubscribes: needed when the email reached several of the journey’s mailboxes' }),
  }),
  shorthand: 'in',
  captureArgs: ['in'],
  mailboxArgs: ['as'],
  sideEffects: true,
  judges: 'audit',
  budgetMs: () => 30_000,
  example: '- auditUnsubscribe: { in: newsletter, via: one-click }',
  describe: (a) => `audit unsubscribing from the email "${a.in}" (${Array.isArray(a.via) ? a.via.join(', ') : a.via})`,
  async run(ctx, a) {
    const mail = ctx.captures.get(a.in);
    if (!mail || typeof mail === 'string') fail('STEP_FAILED', `"${a.in}" is not an email remembered by an earlier waitForEmail step.`);
    const evidence = [ctx.evidencePath(mail.path)];
    const customer = actingMailbox(ctx, mail, a.as);
    ctx = provingEachPathOnce(ctx, customer);
    const paths = new Set(a.via === 'all' ? PATHS : Array.isArray(a.via) ? a.via : [a.via]);

    const header = await auditHeaderPath(ctx, mail, evidence);
    const body = await auditBodyPath(ctx, mail, evidence);
    let errors = header.errors + body.errors + (await auditDkimPath(ctx, mail, header.audit, evidence));
    if (paths.has('one-click')) errors += await auditOneClickPath(ctx, header.audit, customer, evidence, a.encoding);
    if (paths.has('mailto')) {
      const relay = a.relay || ctx.run.relay ? resolveRelay(ctx, a.relay) : undefined;
      errors += await auditMailtoPath(ctx, header.audit, body.audit, customer, relay, evidence);
    }
    if (paths.has('link')) errors += await auditLinkPath(ctx, header.audit, body.audit, customer, a.confirmation, evidence, mail.subject);
    // "No more mail" is judged from the moment the customer unsubscribed, not from when they read the mail.
    ctx.mail.unsubscribedNow(customer.mailbox);
    if (errors > 0) throw new FindingsRecorded(`Unsubscribing from “${mail.subject}” has ${errors} problem${errors === 1 ? '' : 's'}; see the findings.`);
  },
});
