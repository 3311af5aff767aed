/**
 * The e-mails the newsletter sends: the opt-in confirmation, one campaign per list,
 * and the automatic answers its unsubscribe mailbox gives.
 */
import type { SendMailOptions } from 'nodemailer';
import type { ListName, Subscriber } from './newsletter-subscribers.js';
import { html, type SafeHtml } from './site.js';

export const BRAND = 'The Weekly Promise';

/** Where a variant's mail comes from and where its unsubscribe mail goes. */
export interface MailIdentity {
  /** e.g. `newsletter.test`. */
  domain: string;
}

const from = (id: MailIdentity) => ({ name: BRAND, address: `news@${id.domain}` });
export const unsubscribeMailbox = (id: MailIdentity) => `unsubscribe@${id.domain}`;

interface ListContent {
  title: string;
  subject: string;
  paragraphs: readonly string[];
}

export const LISTS: Record<ListName, ListContent> = {
  weekly: {
    title: BRAND,
    subject: "This week's promise",
    paragraphs: [
      'Keep one small promise to yourself before Friday.',
      'Write it down, tell nobody, and do it. Small promises kept are how big ones become believable.',
    ],
  },
  deals: {
    title: 'Deals',
    subject: 'Deals of the week',
    paragraphs: ['Notebooks for your promises, 20% off until Sunday.', 'Pens that never run dry, two for one.'],
  },
  partners: {
    title: 'Partner offers',
    subject: 'Offers from our partners',
    paragraphs: ['Our partners have picked a few things for you.'],
  },
};

function htmlMail(content: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><body style="font-family:Georgia,serif;color:#1f2933;line-height:1.6;max-width:36em">
${content}
</body></html>
`.value;
}

export function confirmationMessage(id: MailIdentity, email: string, confirmUrl: string): SendMailOptions {
  return {
    from: from(id),
    to: email,
    subject: 'Please confirm your subscription',
    text: [
      'Hello,',
      '',
      `Someone (hopefully you) asked to receive ${BRAND} at this address.`,
      `Confirm my subscription: ${confirmUrl}`,
      '',
      'If it was not you, ignore this email and you will not hear from us again.',
      '',
    ].join('\n'),
    html: htmlMail(html`<p>Hello,</p>
<p>Someone (hopefully you) asked to receive ${BRAND} at this address.</p>
<p><a href="${confirmUrl}">Confirm my subscription</a></p>
<p>If it was not you, ignore this email and you will not hear from us again.</p>`),
  };
}

/** `?token=…` plus `&list=…` for lists other than the weekly one. */
export function unsubscribeQuery(subscriber: Subscriber, list: ListName): string {
  return `token=${subscriber.unsubscribeToken}${list === 'weekly' ? '' : `&list=${list}`}`;
}

/** The mailto: subject that unsubscribes `subscriber` from `list`. */
export function mailtoSubject(subscriber: Subscriber, list: ListName): string {
  return `unsubscribe${list === 'weekly' ? '' : ` ${list}`} ${subscriber.unsubscribeToken}`;
}

export interface CampaignOptions extends MailIdentity {
  list: ListName;
  origin: string;
  /** List-Unsubscribe headers and the footer link. */
  offersUnsubscribe: boolean;
  /** Adds a mailto: URI to List-Unsubscribe (the site then receives unsubscribe mail). */
  mailto: boolean;
}

export function campaignMessage(subscriber: Subscriber, opts: CampaignOptions): SendMailOptions {
  const content = LISTS[opts.list];
  const query = unsubscribeQuery(subscriber, opts.list);
  const unsubscribeUrl = `${opts.origin}/unsubscribe?${query}`;
  const oneClickUrl = `${opts.origin}/unsubscribe/one-click?${query}`;
  const mailto = `mailto:${unsubscribeMailbox(opts)}?subject=${encodeURIComponent(mailtoSubject(subscriber, opts.list))}`;
  const listUnsubscribe = [`<${oneClickUrl}>`, ...(opts.mailto ? [`<${mailto}>`] : [])].join(', ');
  // `prepared` keeps nodemailer from re-encoding or folding these values.
  const headers: Record<string, { prepared: true; value: string }> = {
    'List-Id': { prepared: true, value: `${content.title} <${opts.list}.${opts.domain}>` },
  };
  if (opts.offersUnsubscribe) {
    headers['List-Unsubscribe'] = { prepared: true, value: listUnsubscribe };
    headers['List-Unsubscribe-Post'] = { prepared: true, value: 'List-Unsubscribe=One-Click' };
  }
  const why = `You receive ${content.title} because you subscribed at ${opts.origin}.`;
  return {
    from: from(opts),
    to: subscriber.email,
    subject: content.subject,
    headers,
    text: [
      `${content.subject}: ${content.paragraphs[0].charAt(0).toLowerCase()}${content.paragraphs[0].slice(1)}`,
      '',
      ...content.paragraphs.slice(1).flatMap((p) => [p, '']),
      '--',
      why,
      ...(opts.offersUnsubscribe ? [`Unsubscribe: ${unsubscribeUrl}`] : []),
      '',
    ].join('\n'),
    html: htmlMail(html`<h1 style="font-size:1.4em">${content.subject}</h1>
${content.paragraphs.map((p) => html`<p>${p}</p>\n`)}<hr>
<p style="font-size:.85em;color:#52606d">${why}${opts.offersUnsubscribe ? html`
<a href="${unsubscribeUrl}">Unsubscribe</a>` : ''}</p>`),
  };
}

// ---------------------------------------------------------------------------
// What the `auto-responder` variant's unsubscribe mailbox sends back

/** RFC 3834 marks for automatic mail; `inReplyTo` threads the answer under the reader's mail. */
function automatic(kind: 'auto-replied' | 'auto-generated', inReplyTo: string | undefined): Record<string, string> {
  return { 'Auto-Submitted': kind, ...(inReplyTo ? { 'In-Reply-To': inReplyTo, References: inReplyTo } : {}) };
}

export function autoReplyMessage(id: MailIdentity, to: string, subject: string, inReplyTo?: string): SendMailOptions {
  const text = [
    'Thank you for your message.',
    '',
    'This is an automatic reply: our team reads every message and will get back to you within 5 business days.',
    '',
    `${BRAND} support`,
    '',
  ].join('\n');
  return {
    from: { name: `${BRAND} support`, address: unsubscribeMailbox(id) },
    to,
    subject: `Automatic reply: ${subject || 'your message'}`,
    headers: { ...automatic('auto-replied', inReplyTo), 'X-Autoreply': 'yes' },
    text,
  };
}

export function challengeMessage(id: MailIdentity, to: string, verifyUrl: string, inReplyTo?: string): SendMailOptions {
  return {
    from: { name: `${BRAND} mail filter`, address: unsubscribeMailbox(id) },
    to,
    subject: 'Please verify you are a real human',
    headers: automatic('auto-replied', inReplyTo),
    text: [
      'Your message is waiting for you to confirm that you are a real human and not a spam robot.',
      '',
      `Verify I am a real human: ${verifyUrl}`,
      '',
      'Messages that are not verified within 7 days are deleted.',
      '',
    ].join('\n'),
    html: htmlMail(html`<p>Your message is waiting for you to confirm that you are a real human and not a spam robot.</p>
<p><a href="${verifyUrl}">Verify I am a real human</a></p>
<p>Messages that are not verified within 7 days are deleted.</p>`),
  };
}

export function whitelistedMessage(id: MailIdentity, to: string): SendMailOptions {
  return {
    from: from(id),
    to,
    subject: 'You have been whitelisted',
    headers: automatic('auto-generated', undefined),
    text: [
      'Thank you for verifying your address: you have been whitelisted.',
      '',
      `Welcome back! ${BRAND} will arrive in your inbox every week again.`,
      '',
    ].join('\n'),
  };
}
