/**
 * The mailto: unsubscribe path: what the newsletter does with mail sent to
 * unsubscribe@<its domain>.
 *
 * - `processes` (good): a mail whose subject (or first line) says "unsubscribe" takes the
 *   sender off the list named by the token in it (or found by the sender's address).
 *   No answer is sent.
 * - `auto-responder`: every mail meets an RFC 3834 auto-reply, then a challenge ("verify
 *   you are a real human"). The unsubscribe itself is never processed, and opening the
 *   challenge's link puts the sender back on the weekly list ("you have been whitelisted").
 */
import type { InboundHandler, InboundMail } from './newsletter-inbound.js';
import { autoReplyMessage, BRAND, challengeMessage, whitelistedMessage, type MailIdentity } from './newsletter-mail.js';
import { isListName, type ListName, type Subscriber, type SubscriberList } from './newsletter-subscribers.js';
import { html, htmlReply, HttpError, layout, randomToken, type Mailer, type Route } from './site.js';

export interface MailtoDeps {
  mode: 'processes' | 'auto-responder';
  identity: MailIdentity;
  subscribers: SubscriberList;
  mailer: Mailer;
  /** The site's base URL (known once it listens). */
  origin(): string;
  /** Takes the reader off a list, the way this variant honours unsubscribes. */
  unsubscribe(subscriber: Subscriber, list: ListName): void;
}

const UNSUBSCRIBE_REQUEST = /\bunsubscribe\b(?:\s+([a-z]+))?(?:\s+([0-9a-f]{32}))?/i;

/** The subscriber and list an "unsubscribe" mail names, if it is one. */
function unsubscribeRequest(mail: InboundMail, subscribers: SubscriberList): { subscriber: Subscriber; list: ListName } | undefined {
  const firstLine = mail.text.trim().split(/\r?\n/, 1)[0] ?? '';
  const match = UNSUBSCRIBE_REQUEST.exec(mail.subject) ?? UNSUBSCRIBE_REQUEST.exec(firstLine);
  if (!match) return undefined;
  const [, listWord, token] = match;
  const subscriber = (token && subscribers.byUnsubscribeToken(token.toLowerCase())) || subscribers.byEmail(mail.replyTo);
  if (!subscriber) return undefined;
  return { subscriber, list: isListName(listWord?.toLowerCase()) ? (listWord.toLowerCase() as ListName) : 'weekly' };
}

function whitelistedPage(): string {
  return layout({
    brand: BRAND,
    title: 'You have been whitelisted',
    body: html`<h1>You have been whitelisted</h1>
<p>Thank you for verifying that you are a real human. Your message has been delivered.</p>
<p>Welcome back: ${BRAND} will arrive in your inbox every week again.</p>`,
  });
}

export function mailtoUnsubscribe(deps: MailtoDeps): { handle: InboundHandler; routes: Route[] } {
  const { identity, subscribers, mailer } = deps;

  if (deps.mode === 'processes') {
    return {
      handle: async (mail) => {
        const request = unsubscribeRequest(mail, subscribers);
        if (request) deps.unsubscribe(request.subscriber, request.list);
      },
      routes: [],
    };
  }

  /** Challenge token → the address whose message waits for verification. */
  const held = new Map<string, { email: string; verified: boolean }>();

  const handle: InboundHandler = async (mail) => {
    // The one RFC 3834 rule this responder keeps: it never answers automatic mail.
    if (mail.autoSubmitted && mail.autoSubmitted !== 'no') return;
    if (!mail.replyTo) return;
    const token = randomToken();
    held.set(token, { email: mail.replyTo, verified: false });
    await mailer.send(autoReplyMessage(identity, mail.replyTo, mail.subject, mail.messageId));
    await mailer.send(challengeMessage(identity, mail.replyTo, `${deps.origin()}/verify?token=${token}`, mail.messageId));
  };

  const verify: Route = {
    method: 'GET',
    path: '/verify',
    handle: async ({ url }) => {
      const entry = held.get(url.searchParams.get('token') ?? '');
      if (!entry) throw new HttpError(400, 'This verification link is not valid');
      if (!entry.verified) {
        entry.verified = true;
        // "Whitelisting" the sender puts them back on the list they tried to leave.
        const subscriber = subscribers.byEmail(entry.email);
        if (subscriber) {
          subscriber.confirmed = true;
          subscribers.join(subscriber, 'weekly');
        }
        await mailer.send(whitelistedMessage(identity, entry.email));
      }
      return htmlReply(200, whitelistedPage());
    },
  };

  return { handle, routes: [verify] };
}
