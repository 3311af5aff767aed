/** The two e-mails the newsletter sends: the opt-in confirmation and the weekly campaign. */
import type { SendMailOptions } from 'nodemailer';
import type { Subscriber } from './newsletter-subscribers.js';
import { html, type SafeHtml } from './site.js';

export const BRAND = 'The Weekly Promise';
const FROM = { name: BRAND, address: 'news@newsletter.test' };
const LIST_ID = `${BRAND} <weekly.newsletter.test>`;
const UNSUBSCRIBE_MAILBOX = 'unsubscribe@newsletter.test';

function htmlMail(content: SafeHtml): string {
  return html`<!doctype html>
<html lang="en"><body style="font-family:Georgia,serif;color:#1f2933;line-height:1.6;max-width:36em">
${content}
</body></html>
`.value;
}

export function confirmationMessage(email: string, confirmUrl: string): SendMailOptions {
  return {
    from: FROM,
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

export function campaignMessage(subscriber: Subscriber, origin: string): SendMailOptions {
  const token = subscriber.unsubscribeToken;
  const unsubscribeUrl = `${origin}/unsubscribe?token=${token}`;
  const oneClickUrl = `${origin}/unsubscribe/one-click?token=${token}`;
  const mailto = `mailto:${UNSUBSCRIBE_MAILBOX}?subject=unsubscribe%20${token}`;
  return {
    from: FROM,
    to: subscriber.email,
    subject: "This week's promise",
    // `prepared` keeps nodemailer from re-encoding or folding these values.
    headers: {
      'List-Unsubscribe': { prepared: true, value: `<${oneClickUrl}>, <${mailto}>` },
      'List-Unsubscribe-Post': { prepared: true, value: 'List-Unsubscribe=One-Click' },
      'List-Id': { prepared: true, value: LIST_ID },
    },
    text: [
      "This week's promise: keep one small promise to yourself before Friday.",
      '',
      'Write it down, tell nobody, and do it. Small promises kept are how big ones become believable.',
      '',
      '--',
      `You receive ${BRAND} because you subscribed at ${origin}.`,
      `Unsubscribe: ${unsubscribeUrl}`,
      '',
    ].join('\n'),
    html: htmlMail(html`<h1 style="font-size:1.4em">This week's promise</h1>
<p>Keep one small promise to yourself before Friday.</p>
<p>Write it down, tell nobody, and do it. Small promises kept are how big ones become believable.</p>
<hr>
<p style="font-size:.85em;color:#52606d">You receive ${BRAND} because you subscribed at ${origin}.
<a href="${unsubscribeUrl}">Unsubscribe</a></p>`),
  };
}
