import { errorMessage } from '../../core/errors.js';
import type { ReceivedMail } from '../../mail/received-mail.js';
import type { LeaveConfirmation } from '../../unsubscribe/index.js';
import { resolveRelay } from '../relay.js';
import type { StepContext } from '../step-context.js';

/** How the customer may answer a list server's "confirm that you want to leave" (both on by default). */
export interface ConfirmChoice {
  /** Reply to the request, keeping its subject and token (mlmmj, Mailman, Sympa, LISTSERV, Majordomo). */
  reply: boolean;
  /** Open its confirm link in the browser and press the confirm button if there is one. */
  link: boolean;
}

export interface ConfirmAnswer {
  /** How the request was answered; undefined when it was not. */
  how?: 'reply' | 'link';
  /** One sentence for the verdict. */
  summary: string;
  evidence: string[];
}

/**
 * Answers a leave-confirmation request the way the customer would: a reply when the mail
 * asks for one (to its Reply-To, keeping the subject that carries the token, with the
 * command line it quotes as the body), else its confirm link. The reply always comes from
 * the journey's own mailbox `customer`, never from an address read off the mail.
 */
export async function answerLeaveConfirmation(
  ctx: StepContext,
  mail: ReceivedMail,
  confirm: LeaveConfirmation,
  choice: ConfirmChoice,
  customer: string,
  relayOverride: string | undefined,
): Promise<ConfirmAnswer> {
  const canReply = choice.reply && confirm.replyTo !== undefined && (relayOverride !== undefined || ctx.run.relay !== undefined);
  const canOpen = choice.link && confirm.link !== undefined;
  if (canReply && (confirm.asksForReply || !canOpen)) return reply(ctx, mail, confirm, customer, relayOverride);
  if (canOpen) return openLink(ctx, confirm.link!, customer);
  const ways = [confirm.asksForReply ? `a reply to ${confirm.replyTo}` : undefined, confirm.link ? `the link ${confirm.link}` : undefined].filter(Boolean).join(' or ');
  const why = !choice.reply && !choice.link ? 'answering is switched off (confirm: { reply: false, link: false })' : confirm.asksForReply && !ctx.run.relay && !relayOverride ? 'no SMTP relay is configured (--smtp-relay)' : 'the way it asks for is switched off';
  return { summary: `The request to confirm leaving (by ${ways || 'an unknown way'}) was not answered: ${why}.`, evidence: [] };
}

async function reply(ctx: StepContext, mail: ReceivedMail, confirm: LeaveConfirmation, customer: string, relayOverride: string | undefined): Promise<ConfirmAnswer> {
  const { sendMailAs } = await import('../../unsubscribe/index.js');
  const body = confirm.command ?? (/\btype\s+["'“]?ok\b/i.test(mail.text ?? '') ? 'OK' : 'confirm');
  try {
    const sent = await sendMailAs({
      relay: resolveRelay(ctx, relayOverride),
      from: customer,
      to: confirm.replyTo!,
      subject: confirm.replySubject,
      text: body,
      inReplyTo: mail.messageId,
      references: mail.messageId ? [mail.messageId] : undefined,
    });
    ctx.recordSideEffect({ kind: 'reply-sent', target: confirm.replyTo!, address: customer });
    const file = await ctx.attach('confirm-leaving-reply.eml', sent.raw, 'message/rfc822');
    return { how: 'reply', summary: `The customer confirmed leaving by replying to ${confirm.replyTo} (subject “${confirm.replySubject}”, body “${body}”).`, evidence: [file] };
  } catch (error) {
    return { summary: `The reply confirming leaving could not be sent to ${confirm.replyTo}: ${errorMessage(error).split('\n')[0]}`, evidence: [] };
  }
}

async function openLink(ctx: StepContext, link: string, customer: string): Promise<ConfirmAnswer> {
  const { walkUnsubscribeFlow } = await import('../../unsubscribe/link-flow.js');
  ctx.recordSideEffect({ kind: 'link-followed', method: 'GET', target: link, address: customer });
  const flow = await walkUnsubscribeFlow(ctx.page, link, { email: customer, timeoutMs: Math.min(ctx.timeoutMs, 20_000), maxPages: 2, screenshot: ctx.screenshot });
  const evidence: string[] = [];
  for (const shot of flow.screenshots) evidence.push(await ctx.attach(shot.name.replace(/^unsubscribe-/, 'confirm-leaving-'), shot.png, 'image/png'));
  if (flow.reachedConfirmation) {
    return { how: 'link', summary: `The customer confirmed leaving by opening ${link}${flow.actions ? ` and pressing ${flow.actions === 1 ? 'one button' : `${flow.actions} buttons`}` : ''}; the page says so (${flow.lastPage?.evidence}).`, evidence };
  }
  return { summary: `The customer opened the confirm link ${link}, but the page did not confirm (${flow.error ?? flow.lastPage?.evidence ?? 'no confirmation'}).`, evidence };
}
