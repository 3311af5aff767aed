/**
 * Demo newsletter: subscribe with double opt-in, receive the weekly campaign, and
 * unsubscribe from the footer link, with RFC 8058 one-click, or by mail.
 *
 * Each variant (see newsletter-variants.ts) switches one behaviour of this one site.
 * Variants with a mailto: unsubscribe receive mail through an inbound SMTP server: their
 * own, or a shared one passed as `exchanger`. `POST /admin/send-campaign` sends every
 * list's campaign to its current members; `?to=<address>` (repeatable) to those members only, so journeys
 * that share a site at the same time (under the monitor, say) do not mail each other's readers.
 */
import { startMailExchanger, type MailExchanger } from './newsletter-inbound.js';
import { BRAND, campaignMessage, confirmationMessage, type MailIdentity } from './newsletter-mail.js';
import { mailtoUnsubscribe } from './newsletter-mailto.js';
import {
  checkInboxPage,
  homePage,
  keepMePage,
  loginPage,
  stillSubscribedPage,
  subscribedPage,
  unsubscribedPage,
  unsubscribePage,
} from './newsletter-pages.js';
import { isListName, LIST_NAMES, SubscriberList, type ListName, type Subscriber } from './newsletter-subscribers.js';
import {
  BEHAVIOURS,
  canonicalVariant,
  DEFAULT_UNSUBSCRIBE_DELAY_MS,
  mailDomain,
  type NewsletterVariant,
  type NewsletterVariantName,
} from './newsletter-variants.js';
import {
  createMailer,
  htmlReply,
  HttpError,
  isEmail,
  jsonReply,
  randomToken,
  readBody,
  readForm,
  redirect,
  startSite,
  textReply,
  type DemoSite,
  type Reply,
  type Route,
  type SiteRequest,
} from './site.js';
import type { HostPort } from '../core/host-port.js';

export type { NewsletterVariant, NewsletterVariantName } from './newsletter-variants.js';
export { NEWSLETTER_VARIANTS, receivesMail } from './newsletter-variants.js';

export interface NewsletterOptions {
  variant: NewsletterVariantName;
  /** Where the site sends its mail (the sink). */
  smtp: HostPort;
  port?: number;
  /** A shared inbound SMTP server; without it a variant that receives mail starts its own. */
  exchanger?: MailExchanger;
  /** How long the `delayed` variant takes to honour an unsubscribe (default 5 s). */
  unsubscribeDelayMs?: number;
  /** The site's clock (ms), for tests. */
  now?: () => number;
}

/** RFC 8058 requires the POST body `List-Unsubscribe=One-Click`, form-urlencoded or multipart. */
function isOneClickBody(body: string, contentType: string | undefined): boolean {
  if (contentType?.startsWith('multipart/form-data')) {
    return /name="?List-Unsubscribe"?\r?\n(?:[^\r\n]+\r?\n)*\r?\nOne-Click\r?\n/.test(body);
  }
  return new URLSearchParams(body).get('List-Unsubscribe') === 'One-Click';
}

function cookie(req: SiteRequest, name: string): string | undefined {
  const header = req.raw.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export async function startNewsletter(opts: NewsletterOptions): Promise<DemoSite> {
  const variant: NewsletterVariant = canonicalVariant(opts.variant);
  const behaviour = BEHAVIOURS[variant];
  const now = opts.now ?? Date.now;
  const delayMs = opts.unsubscribeDelayMs ?? DEFAULT_UNSUBSCRIBE_DELAY_MS;
  const identity: MailIdentity = { domain: mailDomain(variant) };
  const mailer = createMailer(opts.smtp);
  const subscribers = new SubscriberList(behaviour.listsOnConfirm, now);
  /** Browser sessions (the `one-click-redirect` variant's one-click only works inside one). */
  const sessions = new Set<string>();
  let origin = '';

  /** Looks up the subscriber and list an unsubscribe link or form names. */
  const target = (params: URLSearchParams): { subscriber: Subscriber; list: ListName } => {
    const token = params.get('token');
    const subscriber = token ? subscribers.byUnsubscribeToken(token) : undefined;
    const list = params.get('list') ?? 'weekly';
    if (!subscriber || !isListName(list)) throw new HttpError(400, 'This unsubscribe link is not valid');
    return { subscriber, list };
  };

  const unsubscribe = (subscriber: Subscriber, list: ListName): void => {
    if (behaviour.honours === 'at-once') subscribers.leave(subscriber, list);
    else if (behaviour.honours === 'after-delay') subscribers.leave(subscriber, list, now() + delayMs);
  };

  const sendCampaign = async (to: string[]): Promise<Reply> => {
    const named = new Set(to.map((address) => address.toLowerCase()));
    const addressed = (subscriber: Subscriber) => named.size === 0 || named.has(subscriber.email.toLowerCase());
    const mails = LIST_NAMES.flatMap((list) =>
      subscribers.activeOn(list).filter(addressed).map((subscriber) =>
        campaignMessage(subscriber, { ...identity, list, origin, offersUnsubscribe: behaviour.offersUnsubscribe, mailto: behaviour.mailto !== 'none' }),
      ),
    );
    const results = await Promise.allSettled(mails.map((mail) => mailer.send(mail)));
    const sent = results.filter((r) => r.status === 'fulfilled').length;
    const failed = results.length - sent;
    return failed === 0 ? jsonReply(200, { sent }) : jsonReply(502, { sent, failed });
  };

  /** A page that starts a browser session (a cookie) when there is none yet. */
  const withSession = (req: SiteRequest, reply: Reply): Reply => {
    if (behaviour.oneClick !== 'redirect-needs-session') return reply;
    const current = cookie(req, 'sid');
    if (current && sessions.has(current)) return reply;
    const sid = randomToken();
    sessions.add(sid);
    return { ...reply, headers: { ...reply.headers, 'set-cookie': `sid=${sid}; Path=/; HttpOnly; SameSite=Lax` } };
  };

  const unsubscribeRoutes: Route[] = [
    {
      method: 'GET',
      path: '/unsubscribe',
      handle: (req) => {
        const { subscriber, list } = target(req.url.searchParams);
        if (behaviour.linkFlow === 'login-wall') return redirect(`/login?next=${encodeURIComponent(req.url.pathname + req.url.search)}`);
        return withSession(req, htmlReply(200, unsubscribePage(subscriber, list)));
      },
    },
    {
      method: 'POST',
      path: '/unsubscribe',
      handle: async ({ raw }) => {
        const { subscriber, list } = target(await readForm(raw));
        if (behaviour.linkFlow === 'pre-ticked') {
          return htmlReply(200, keepMePage(subscriber, list, LIST_NAMES.filter((other) => other !== list)));
        }
        unsubscribe(subscriber, list);
        return htmlReply(200, unsubscribedPage(subscriber, list));
      },
    },
    {
      // Second page of the `pre-ticked` flow: whatever stays ticked keeps (or puts) the reader on those lists.
      method: 'POST',
      path: '/unsubscribe/confirm',
      handle: async ({ raw }) => {
        const form = await readForm(raw);
        const { subscriber, list } = target(form);
        if (form.get('choice') !== 'leave') return htmlReply(200, stillSubscribedPage(subscriber, list));
        const kept = form.getAll('keep').filter(isListName).filter((other) => other !== list);
        unsubscribe(subscriber, list);
        for (const other of kept) subscribers.join(subscriber, other);
        return htmlReply(200, unsubscribedPage(subscriber, list, kept));
      },
    },
    {
      method: 'POST',
      path: '/unsubscribe/one-click',
      handle: async (req) => {
        const body = await readBody(req.raw);
        if (!isOneClickBody(body, req.raw.headers['content-type'])) return textReply(400, 'Expected List-Unsubscribe=One-Click');
        const token = req.url.searchParams.get('token');
        const list = req.url.searchParams.get('list') ?? 'weekly';
        const subscriber = token ? subscribers.byUnsubscribeToken(token) : undefined;
        if (!subscriber || !isListName(list)) return textReply(400, 'Unknown unsubscribe token');
        if (behaviour.oneClick === 'rfc8058') {
          unsubscribe(subscriber, list);
          return textReply(200, 'Unsubscribed');
        }
        // Without a session the request is sent to the page where a person must click again.
        const sid = cookie(req, 'sid');
        if (!sid || !sessions.has(sid)) return { status: 302, headers: { location: `/unsubscribe?${req.url.search.slice(1)}` } };
        unsubscribe(subscriber, list);
        return { status: 302, headers: { location: `/unsubscribe/done?${req.url.search.slice(1)}` } };
      },
    },
    {
      method: 'GET',
      path: '/unsubscribe/done',
      handle: ({ url }) => {
        const { subscriber, list } = target(url.searchParams);
        return htmlReply(200, unsubscribedPage(subscriber, list));
      },
    },
  ];

  const loginRoutes: Route[] = [
    { method: 'GET', path: '/login', handle: ({ url }) => htmlReply(200, loginPage(url.searchParams.get('next') ?? '/', false)) },
    {
      // Readers never got an account: nobody gets past this wall.
      method: 'POST',
      path: '/login',
      handle: async ({ raw }) => htmlReply(401, loginPage((await readForm(raw)).get('next') ?? '/', true)),
    },
  ];

  const mailto =
    behaviour.mailto === 'none'
      ? undefined
      : mailtoUnsubscribe({ mode: behaviour.mailto, identity, subscribers, mailer, origin: () => origin, unsubscribe });

  const routes: Route[] = [
    { method: 'GET', path: '/', handle: (req) => withSession(req, htmlReply(200, homePage('', []))) },
    {
      method: 'POST',
      path: '/subscribe',
      handle: async ({ raw, origin }) => {
        const email = ((await readForm(raw)).get('email') ?? '').trim();
        if (!isEmail(email)) return htmlReply(400, homePage(email, ['Please enter a valid email address.']));
        const { confirmToken } = subscribers.subscribe(email);
        await mailer.send(confirmationMessage(identity, email, `${origin}/confirm?token=${confirmToken}`));
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
    ...unsubscribeRoutes,
    ...(behaviour.linkFlow === 'login-wall' ? loginRoutes : []),
    ...(mailto?.routes ?? []),
    { method: 'POST', path: '/admin/send-campaign', handle: ({ url }) => sendCampaign(url.searchParams.getAll('to')) },
  ];

  const ownExchanger = mailto && !opts.exchanger ? await startMailExchanger() : undefined;
  const exchanger = opts.exchanger ?? ownExchanger;
  let site: DemoSite;
  try {
    site = await startSite({ name: 'newsletter', variant, brand: BRAND, port: opts.port, routes, onClose: () => mailer.close() });
  } catch (err) {
    mailer.close();
    await ownExchanger?.close();
    throw err;
  }
  origin = site.url;
  if (!mailto || !exchanger) return site;

  const stopReceiving = exchanger.serve(identity.domain, mailto.handle);
  return {
    ...site,
    smtp: exchanger.target,
    async close() {
      stopReceiving();
      await Promise.all([site.close(), ownExchanger?.close()]);
    },
  };
}
