import type { ReceivedMail } from '../mail/received-mail.js';
import type { StepContext } from './step-context.js';
import { fail } from './step-failure.js';

export interface ActingMailbox {
  /** The journey's mailbox name. */
  mailbox: string;
  /** Its address for this attempt: the only sender a step that acts on the mail may use. */
  address: string;
}

/**
 * Who the customer is when a step acts on a received mail (unsubscribes, replies): always
 * one of the journey's own mailboxes the mail was delivered to, never the first envelope
 * recipient (a list server sends one copy to many subscribers). `as` names the mailbox when
 * the mail reached several of the journey's mailboxes; a mail that reached none is never acted on.
 */
export function actingMailbox(ctx: StepContext, mail: ReceivedMail, as?: string): ActingMailbox {
  const owners = ctx.mail.mailboxesOf(mail);
  const subject = `the email “${mail.subject}”`;
  if (as !== undefined) {
    if (owners.includes(as)) return { mailbox: as, address: ctx.mail.address(as) };
    fail('MAIL_NOT_FOR_CUSTOMER', `${capitalised(subject)} was not delivered to the mailbox "${as}" (${ctx.mail.address(as)}), so nothing was done as that customer.`, { details: { deliveredTo: owners } });
  }
  if (owners.length === 1) return { mailbox: owners[0], address: ctx.mail.address(owners[0]) };
  if (owners.length === 0) {
    fail('MAIL_NOT_FOR_CUSTOMER', `${capitalised(subject)} is not addressed to any of the journey's mailboxes, so nothing was done with it: journey-audit acts only as the journey's own customer.`);
  }
  fail('MAIL_NOT_FOR_CUSTOMER', `${capitalised(subject)} reached several of the journey's mailboxes (${owners.join(', ')}): say which customer acts with \`as:\`, e.g. as: ${owners[0]}.`, { details: { deliveredTo: owners } });
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
