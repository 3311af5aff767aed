/**
 * Demo newsletter: subscribe with double opt-in, receive the weekly campaign,
 * and unsubscribe from the footer link or with RFC 8058 one-click.
 *
 * The `ignores-unsubscribe` variant thanks people for unsubscribing but never
 * records it, so they keep receiving the campaign.
 */
import { BRAND, campaignMessage, confirmationMessage } from './newsletter-mail.js';
import { SubscriberList, type Subscriber } from './newsletter-subscribers.js';
import {
  createMailer,
  errorList,
  html,
  htmlReply,
  HttpError,
  isEmail,
  jsonReply,
  layout,
  readBody,
  readForm,
  startSite,
  textReply,
  type DemoSite,
  type Reply,
  type Route,
  type SafeHtml,
  type SmtpTarget,
} from './site.js';

export type NewsletterVariant = 'good' | 'ignores-unsubscribe';

function page(title: string, body: SafeHtml): string {
  return layout({ brand: BRAND, title, body });
}

function homePage(email: string, errors: readonly string[]): string {
  return page(
    'Subscribe',
    html`<h1>${BRAND}</h1>
<p>One short, honest email every week about keeping promises. Unsubscribe any time with one click.</p>
${errorList(errors)}
<form method="post" action="/subscribe" novalidate>
<label for="email">Email</label>
<input type="email" id="email" name="email" autocomplete="email" value="${email}">
<button type="submit">Subscribe</button>
</form>`,
  );
}

function checkInboxPage(email: string): string {
  return page(
    'Check your inbox',
    html`<h1>Check your inbox</h1>
<p>We sent a confirmation link to ${email}. Click it to start receiving ${BRAND}.</p>`,
  );
}

function subscribedPage(subscriber: Subscriber): string {
  return page(
    "You're subscribed!",
    html`<h1>You're subscribed!</h1>
<p>${BRAND} will arrive at ${subscriber.email} once a week.</p>`,
  );
}

function unsubscribePage(subscriber: Subscriber): string {
  return page(
    'Unsubscribe',
    html`<h1>Unsubscribe</h1>
<p>Stop receiving ${BRAND} at ${subscriber.email}?</p>
<form method="post" action="/unsubscribe">
<input type="hidden" name="token" value="${subscriber.unsubscribeToken}">
<button type="submit">Unsubscribe</button>
</form>`,
  );
}

function unsubscribedPage(subscriber: Subscriber): string {
  return page(
    'You have been unsubscribed',
    html`<h1>You have been unsubscribed</h1>
<p>You will not receive ${BRAND} at ${subscriber.email} any more.</p>`,
  );
}

/** RFC 8058 requires the POST body `List-Unsubscribe=One-Click`, form-urlencoded or multipart. */
function isOneClickBody(body: string, contentType: string | undefined): boolean {
  if (contentType?.startsWith('multipart/form-data')) {
    return /name="?List-Unsubscribe"?\r?\n(?:[^\r\n]+\r?\n)*\r?\nOne-Click\r?\n/.test(body);
  }
  return new URLSearchParams(body).get('List-Unsubscribe') === 'One-Click';
}

export async function startNewsletter(opts: {
  variant: NewsletterVariant;
  smtp: SmtpTarget;
  port?: number;
}): Promise<DemoSite> {
  const mailer = createMailer(opts.smtp);
  const subscribers = new SubscriberList();
  const honoursUnsubscribe = opts.variant === 'good';

  const findByToken = (token: string | null): Subscriber => {
    const subscriber = token ? subscribers.byUnsubscribeToken(token) : undefined;
    if (!subscriber) throw new HttpError(400, 'This unsubscribe link is not valid');
    return subscriber;
  };

  const unsubscribe = (subscriber: Subscriber): void => {
    if (honoursUnsubscribe) subscribers.unsubscribe(subscriber);
  };

  const sendCampaign = async (origin: string): Promise<Reply> => {
    const results = await Promise.allSettled(
      subscribers.activeSubscribers().map((s) => mailer.send(campaignMessage(s, origin))),
    );
    const sent = results.filter((r) => r.status === 'fulfilled').length;
    const failed = results.length - sent;
    return failed === 0 ? jsonReply(200, { sent }) : jsonReply(502, { sent, failed });
  };

  const routes: Route[] = [
    { method: 'GET', path: '/', handle: () => htmlReply(200, homePage('', [])) },
    {
      method: 'POST',
      path: '/subscribe',
      handle: async ({ raw, origin }) => {
        const email = ((await readForm(raw)).get('email') ?? '').trim();
        if (!isEmail(email)) return htmlReply(400, homePage(email, ['Please enter a valid email address.']));
        const { confirmToken } = subscribers.subscribe(email);
        await mailer.send(confirmationMessage(email, `${origin}/confirm?token=${confirmToken}`));
        return htmlReply(200, checkInboxPage(email));
      },
    },
    {
      method: 'GET',
      path: '/confirm',
      handle: ({ url }) => {
        const token = url.searchParams.get('token');
        const subscriber = token ? subscribers.confirm(token) : undefined;
        if (!subscriber) throw new HttpError(400, 'This confirmation link is not valid');
        return htmlReply(200, subscribedPage(subscriber));
      },
    },
    {
      method: 'GET',
      path: '/unsubscribe',
      handle: ({ url }) => htmlReply(200, unsubscribePage(findByToken(url.searchParams.get('token')))),
    },
    {
      method: 'POST',
      path: '/unsubscribe',
      handle: async ({ raw }) => {
        const subscriber = findByToken((await readForm(raw)).get('token'));
        unsubscribe(subscriber);
        return htmlReply(200, unsubscribedPage(subscriber));
      },
    },
    {
      method: 'POST',
      path: '/unsubscribe/one-click',
      handle: async ({ raw, url }) => {
        const body = await readBody(raw);
        if (!isOneClickBody(body, raw.headers['content-type'])) {
          return textReply(400, 'Expected List-Unsubscribe=One-Click');
        }
        const token = url.searchParams.get('token');
        const subscriber = token ? subscribers.byUnsubscribeToken(token) : undefined;
        if (!subscriber) return textReply(400, 'Unknown unsubscribe token');
        unsubscribe(subscriber);
        return textReply(200, 'Unsubscribed');
      },
    },
    { method: 'POST', path: '/admin/send-campaign', handle: ({ origin }) => sendCampaign(origin) },
  ];

  return startSite({
    name: 'newsletter',
    variant: opts.variant,
    brand: BRAND,
    port: opts.port,
    routes,
    onClose: () => mailer.close(),
  });
}
