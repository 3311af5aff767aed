import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { SMTPServer } from 'smtp-server';

/**
 * A mailing list on loopback that, like mlmmj, Mailman and Sympa, asks the subscriber to
 * confirm leaving: a mail to news+unsubscribe@ is answered with a request to confirm,
 * by reply (mlmmj: Reply-To news+confunsub-<token>@) or by a confirm link (Sympa:
 * a page with a "Confirm" button). Only the confirmation takes the address off the list;
 * then a goodbye mail goes out (plain, or with a coupon). Its welcome mail's owner address
 * answers every mail with "Welcome to the News mailing list" (a subscription notice).
 *
 * HTTP: POST /subscribe?email=…, POST /post (one issue to every subscriber).
 * It sends to the journey's sink over SMTP; it receives the customer's mail as the run's relay.
 */
export interface ListServerOptions {
  /** The sink's SMTP port. */
  sinkPort: number;
  confirm: 'reply' | 'link';
  goodbye?: 'plain' | 'coupon';
}

export interface ListServer {
  url: string;
  smtpPort: number;
  /** Every mail it received: envelope sender, recipients, subject, body. */
  received: { from: string; to: string[]; subject: string; text: string }[];
  subscribers: Set<string>;
  close(): Promise<void>;
}

const DOMAIN = 'lists.test';
const LIST = `news@${DOMAIN}`;

export async function startListServer(opts: ListServerOptions): Promise<ListServer> {
  const subscribers = new Set<string>();
  const pending = new Map<string, string>();
  const received: ListServer['received'] = [];
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: opts.sinkPort, secure: false, ignoreTLS: true });
  const send = (message: SendMailOptions) => transport.sendMail({ from: `news+help@${DOMAIN}`, ...message });
  let issue = 0;
  let url = '';

  const goodbye = (to: string) => {
    subscribers.delete(to);
    const coupon = opts.goodbye === 'coupon' ? '\n\nBefore you go: take 20% off your next order with the code BYE20.' : '';
    return send({ to, subject: `Goodbye from ${LIST}`, text: `Goodbye! You have been removed from the\n\n${LIST}\n\nmailinglist.${coupon}`, headers: { Precedence: 'bulk' } });
  };

  const askToConfirm = (to: string) => {
    const token = randomBytes(8).toString('hex');
    pending.set(token, to);
    if (opts.confirm === 'reply') {
      return send({
        to,
        replyTo: `news+confunsub-${token}@${DOMAIN}`,
        subject: `Confirm unsubscribe from ${LIST}`,
        headers: { Precedence: 'bulk' },
        text: `Hi, this is the mlmmj program managing the mailinglist\n\n${LIST}\n\nTo confirm you want the address\n\n${to}\n\nremoved from this list, please send a reply to\n\nnews+confunsub-${token}@${DOMAIN}\n\nYour mailer probably automatically replies to this address, when you hit\nthe reply button.`,
      });
    }
    return send({
      to,
      from: `SYMPA <sympa@${DOMAIN}>`,
      subject: 'Confirm unsubscription from list news',
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: `Hello,\n\nSomeone (hopefully you) asked to unsubscribe your email address ${to} from list ${LIST}.\n\nTo confirm this request, please click the following link:\n${url}/confirm/${token}\n\nIf you did not ask for this, ignore this message.`,
    });
  };

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1_000,
    async onData(stream, session, callback) {
      try {
        const parsed = await simpleParser(stream);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address);
        received.push({ from, to, subject: parsed.subject ?? '', text: parsed.text ?? '' });
        for (const rcpt of to) {
          const confirmed = /^news\+confunsub-([0-9a-f]+)@/.exec(rcpt);
          if (rcpt === `news+unsubscribe@${DOMAIN}` && subscribers.has(from)) await askToConfirm(from);
          else if (confirmed && pending.get(confirmed[1]) === from) {
            pending.delete(confirmed[1]);
            await goodbye(from);
          } else if (rcpt === `news-owner@${DOMAIN}`) {
            await send({ to: from, from: `news-owner@${DOMAIN}`, subject: 'Welcome to the News mailing list', text: 'Welcome to the News mailing list! You are subscribed and will get every issue.' });
          }
        }
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const page = (body: string) => `<!doctype html><html><body>${body}</body></html>`;
  const http: Server = createServer((req, res) => {
    const reqUrl = new URL(req.url ?? '/', 'http://x');
    const html = (status: number, body: string) => res.writeHead(status, { 'content-type': 'text/html' }).end(page(body));
    const done = (promise: Promise<unknown>) => promise.then(() => res.writeHead(200).end('ok'), (e: Error) => res.writeHead(500).end(e.message));
    const confirmToken = /^\/confirm\/([0-9a-f]+)$/.exec(reqUrl.pathname)?.[1];
    if (req.method === 'POST' && reqUrl.pathname === '/subscribe') {
      const email = reqUrl.searchParams.get('email') ?? '';
      subscribers.add(email);
      return done(send({ to: email, from: `news-owner@${DOMAIN}`, subject: 'Welcome to the News mailing list', text: 'Welcome to the News mailing list! Reply to this mail if you have questions.' }));
    }
    if (req.method === 'POST' && reqUrl.pathname === '/post') {
      issue++;
      return done(
        Promise.all(
          [...subscribers].map((to) =>
            send({
              from: LIST,
              to,
              subject: `[news] Issue ${issue}`,
              text: `Issue ${issue} of the News list.\n\nTo unsubscribe: mailto:news+unsubscribe@${DOMAIN}`,
              headers: { 'List-Id': `<news.${DOMAIN}>`, 'List-Unsubscribe': `<mailto:news+unsubscribe@${DOMAIN}>`, Precedence: 'list' },
            }),
          ),
        ),
      );
    }
    if (confirmToken && req.method === 'GET') {
      return html(pending.has(confirmToken) ? 200 : 404, `<h1>Unsubscribe from news</h1><form method="post"><button>Confirm</button></form>`);
    }
    if (confirmToken && req.method === 'POST') {
      const email = pending.get(confirmToken);
      if (!email) return html(404, '<h1>Unknown request</h1>');
      pending.delete(confirmToken);
      return goodbye(email).then(() => html(200, '<h1>Your request has been processed</h1><p>Thank you.</p>'));
    }
    html(404, 'not found');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  return {
    url,
    smtpPort,
    received,
    subscribers,
    async close() {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      transport.close();
    },
  };
}
