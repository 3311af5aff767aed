import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailExchanger } from '../../../src/demo/newsletter-inbound.js';
import { NEWSLETTER_VARIANTS, startNewsletter, type NewsletterVariant } from '../../../src/demo/newsletter.js';
import type { HostPort } from '../../../src/core/host-port.js';
import type { DemoSite } from '../../../src/demo/site.js';
import { linkByText, postForm, startMailbox, type TestMailbox } from './mailbox.js';
import { footerLink, headerValues, mailsTo, sendCampaign, subscribeAndConfirm, unsubscribeOnPage, WEEKLY, weeklyCount } from './newsletter-reader.js';

let mailbox: TestMailbox;
const sites = {} as Record<NewsletterVariant, DemoSite>;
/** The `delayed` variant's clock. */
let clock = 1_000_000;
const DELAY_MS = 5_000;

beforeAll(async () => {
  mailbox = await startMailbox();
  const smtp = { host: mailbox.host, port: mailbox.port };
  await Promise.all(
    NEWSLETTER_VARIANTS.map(async (variant) => {
      sites[variant] = await startNewsletter({ variant, smtp, unsubscribeDelayMs: DELAY_MS, now: variant === 'delayed' ? () => clock : undefined });
    }),
  );
});

afterAll(async () => {
  await Promise.all(Object.values(sites).map((site) => site.close()));
  await mailbox?.close();
});

let readers = 0;
/** A subscribed, confirmed reader who has received one campaign. */
async function reader(variant: NewsletterVariant): Promise<string> {
  const email = `reader-${variant}-${++readers}@example.test`;
  await subscribeAndConfirm(sites[variant], mailbox, email);
  await sendCampaign(sites[variant]);
  expect(weeklyCount(mailbox, email)).toBe(1);
  return email;
}

/** Sends a mail as the reader through the relay, the way the mailto: path does. */
async function sendMail(relay: HostPort, message: SendMailOptions): Promise<void> {
  const transport = nodemailer.createTransport({ host: relay.host, port: relay.port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail(message);
  } finally {
    transport.close();
  }
}

function mailtoOf(email: string): URL {
  const [mail] = mailsTo(mailbox, email, WEEKLY);
  const uri = /<(mailto:[^>]+)>/.exec(headerValues(mail, 'List-Unsubscribe')[0] ?? '')?.[1];
  expect(uri).toBeDefined();
  return new URL(uri ?? '');
}

function oneClickOf(email: string): string {
  const [mail] = mailsTo(mailbox, email, WEEKLY);
  return /<(http[^>]+)>/.exec(headerValues(mail, 'List-Unsubscribe')[0] ?? '')?.[1] ?? '';
}

const ONE_CLICK_BODY = () => new URLSearchParams({ 'List-Unsubscribe': 'One-Click' });

describe('newsletter variants', () => {
  it('only the variants with a mailto: unsubscribe run an inbound SMTP server', () => {
    const withSmtp = NEWSLETTER_VARIANTS.filter((v) => sites[v].smtp);
    expect(withSmtp).toEqual(['good', 'auto-responder']);
  });

  it('good: mailto: "unsubscribe" is honoured at once and not answered', async () => {
    const email = await reader('good');
    const [campaign] = mailsTo(mailbox, email, WEEKLY);
    expect(headerValues(campaign, 'List-Unsubscribe-Post')).toEqual(['List-Unsubscribe=One-Click']);
    const mailto = mailtoOf(email);
    expect(mailto.pathname).toBe('unsubscribe@newsletter.test');
    const before = mailbox.to(email).length;

    await sendMail(sites.good.smtp!, { from: email, to: mailto.pathname, subject: mailto.searchParams.get('subject') ?? '', text: 'unsubscribe' });
    expect(mailbox.to(email)).toHaveLength(before);
    await sendCampaign(sites.good);
    expect(weeklyCount(mailbox, email)).toBe(1);
  });

  it('good: a plain "unsubscribe" mail without the token finds the reader by address', async () => {
    const email = await reader('good');
    await sendMail(sites.good.smtp!, { from: email, to: 'unsubscribe@newsletter.test', subject: 'Unsubscribe', text: 'please' });
    await sendCampaign(sites.good);
    expect(weeklyCount(mailbox, email)).toBe(1);
  });

  it('good: one-click also takes multipart/form-data, answers 200 without a redirect, and is honoured', async () => {
    const email = await reader('good');
    const body = new FormData();
    body.set('List-Unsubscribe', 'One-Click');
    const res = await fetch(oneClickOf(email), { method: 'POST', body, redirect: 'manual' });
    expect(res.status).toBe(200);
    await sendCampaign(sites.good);
    expect(weeklyCount(mailbox, email)).toBe(1);
  });

  it('the inbound server relays nothing: other domains are refused', async () => {
    await expect(
      sendMail(sites.good.smtp!, { from: 'x@example.test', to: 'someone@example.com', subject: 'relay?', text: 'hi' }),
    ).rejects.toThrow(/550/);
  });

  it('no-unsubscribe: no List-Unsubscribe header and no unsubscribe link anywhere', async () => {
    const email = await reader('no-unsubscribe');
    const [mail] = mailsTo(mailbox, email, WEEKLY);
    expect(headerValues(mail, 'List-Unsubscribe')).toEqual([]);
    expect(headerValues(mail, 'List-Unsubscribe-Post')).toEqual([]);
    expect(`${mail.parsed.html} ${mail.parsed.text}`).not.toMatch(/unsubscribe/i);
    expect(sites['no-unsubscribe'].smtp).toBeUndefined();
  });

  it('keeps-mailing (alias ignores-unsubscribe): confirms every path but keeps sending', async () => {
    const alias = await startNewsletter({ variant: 'ignores-unsubscribe', smtp: { host: mailbox.host, port: mailbox.port } });
    expect(alias.variant).toBe('keeps-mailing');
    await alias.close();

    const email = await reader('keeps-mailing');
    expect(await unsubscribeOnPage(footerLink(mailbox, email))).toContain('You have been unsubscribed');
    const oneClick = await fetch(oneClickOf(email), { method: 'POST', body: ONE_CLICK_BODY() });
    expect(oneClick.status).toBe(200);
    await sendCampaign(sites['keeps-mailing']);
    expect(weeklyCount(mailbox, email)).toBe(2);
  });

  it('second-list: leaving the weekly list leaves the reader on Deals, from the same sender', async () => {
    const email = await reader('second-list');
    const [weekly] = mailsTo(mailbox, email, WEEKLY);
    const [deals] = mailsTo(mailbox, email, 'Deals of the week');
    expect(deals.parsed.from?.text).toBe(weekly.parsed.from?.text);
    expect(headerValues(deals, 'List-Id')).toEqual(['Deals <deals.second-list.newsletter.test>']);

    expect(await unsubscribeOnPage(footerLink(mailbox, email))).toContain('You have been unsubscribed');
    await sendCampaign(sites['second-list']);
    expect(weeklyCount(mailbox, email)).toBe(1);
    expect(mailsTo(mailbox, email, 'Deals of the week')).toHaveLength(2);
  });

  it('login-wall: the footer link leads to a login form nobody can pass', async () => {
    const email = await reader('login-wall');
    const link = footerLink(mailbox, email);
    const res = await fetch(link, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const login = new URL(res.headers.get('location') ?? '', link);
    expect(login.pathname).toBe('/login');
    const page = await (await fetch(login)).text();
    expect(page).toContain('Log in to manage your subscription');
    expect(page).toContain('type="password"');
    const attempt = await postForm(`${sites['login-wall'].url}/login`, { email, password: 'guess', next: login.searchParams.get('next') ?? '' });
    expect(attempt.status).toBe(401);
    await sendCampaign(sites['login-wall']);
    expect(weeklyCount(mailbox, email)).toBe(2);
  });

  it('pre-ticked: a second page with ticked "keep me" boxes and a guilt trip; left ticked, they sign the reader up', async () => {
    const email = await reader('pre-ticked');
    const first = await unsubscribeOnPage(footerLink(mailbox, email));
    expect(first).toContain('Before you go');
    expect(first).toContain("No, I don't want to keep learning");
    expect(first.match(/<input type="checkbox"[^>]* checked>/g)).toHaveLength(2);
    expect(first).toContain('Keep me on Deals');

    const token = new URL(footerLink(mailbox, email)).searchParams.get('token') ?? '';
    const form = new URLSearchParams([['token', token], ['keep', 'deals'], ['keep', 'partners'], ['choice', 'leave']]);
    const done = await fetch(`${sites['pre-ticked'].url}/unsubscribe/confirm`, { method: 'POST', body: form });
    expect(await done.text()).toContain('You will still receive Deals and Partner offers');
    await sendCampaign(sites['pre-ticked']);
    expect(weeklyCount(mailbox, email)).toBe(1);
    expect(mailsTo(mailbox, email, 'Deals of the week')).toHaveLength(1);
    expect(mailsTo(mailbox, email, 'Offers from our partners')).toHaveLength(1);
  });

  it('one-click-redirect: the one-click POST answers 302 and only works with a session cookie', async () => {
    const email = await reader('one-click-redirect');
    const url = oneClickOf(email);
    const fresh = await fetch(url, { method: 'POST', body: ONE_CLICK_BODY(), redirect: 'manual' });
    expect(fresh.status).toBe(302);
    expect(fresh.headers.get('location')).toMatch(/^\/unsubscribe\?token=/);
    await sendCampaign(sites['one-click-redirect']);
    expect(weeklyCount(mailbox, email)).toBe(2);

    const home = await fetch(`${sites['one-click-redirect'].url}/`);
    const sid = /sid=[0-9a-f]+/.exec(home.headers.get('set-cookie') ?? '')?.[0] ?? '';
    expect(sid).not.toBe('');
    const withSession = await fetch(url, { method: 'POST', body: ONE_CLICK_BODY(), redirect: 'manual', headers: { cookie: sid } });
    expect(withSession.status).toBe(302);
    expect(withSession.headers.get('location')).toMatch(/^\/unsubscribe\/done\?token=/);
    await sendCampaign(sites['one-click-redirect']);
    expect(weeklyCount(mailbox, email)).toBe(2);
  });

  it('auto-responder: mailto meets an auto-reply and a challenge whose link re-subscribes the reader', async () => {
    const site = sites['auto-responder'];
    const email = await reader('auto-responder');
    // The reader leaves through the working footer link first …
    await unsubscribeOnPage(footerLink(mailbox, email));
    // … then also writes to the unsubscribe address.
    const mailto = mailtoOf(email);
    expect(mailto.pathname).toBe('unsubscribe@auto-responder.newsletter.test');
    await sendMail(site.smtp!, { from: email, to: mailto.pathname, subject: mailto.searchParams.get('subject') ?? '', text: 'unsubscribe' });

    const [autoReply] = mailsTo(mailbox, email).filter((m) => m.parsed.subject?.startsWith('Automatic reply'));
    expect(headerValues(autoReply, 'Auto-Submitted')).toEqual(['auto-replied']);
    const [challenge] = mailsTo(mailbox, email, 'Please verify you are a real human');
    expect(headerValues(challenge, 'Auto-Submitted')).toEqual(['auto-replied']);
    await sendCampaign(site);
    expect(weeklyCount(mailbox, email)).toBe(1);

    const verify = await fetch(linkByText(String(challenge.parsed.html), 'Verify I am a real human'));
    expect(await verify.text()).toContain('You have been whitelisted');
    expect(mailsTo(mailbox, email, 'You have been whitelisted')).toHaveLength(1);
    await sendCampaign(site);
    expect(weeklyCount(mailbox, email)).toBe(2);
  });

  it('auto-responder: automatic mail gets no answer (RFC 3834)', async () => {
    const before = mailbox.messages.length;
    await sendMail(sites['auto-responder'].smtp!, {
      from: 'robot@example.test',
      to: 'unsubscribe@auto-responder.newsletter.test',
      subject: 'Out of office',
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: 'I am away.',
    });
    expect(mailbox.messages).toHaveLength(before);
  });

  it('delayed: mail sent within the delay still arrives, later mail does not', async () => {
    const site = sites.delayed;
    const email = await reader('delayed');
    expect(await unsubscribeOnPage(footerLink(mailbox, email))).toContain('You have been unsubscribed');
    clock += DELAY_MS - 1;
    await sendCampaign(site);
    expect(weeklyCount(mailbox, email)).toBe(2);
    clock += 1;
    await sendCampaign(site);
    expect(weeklyCount(mailbox, email)).toBe(2);
  });
});

describe('shared mail exchanger', () => {
  it('routes mail by domain to the variant that owns it and stops with the site', async () => {
    const exchanger = await startMailExchanger();
    const smtp = { host: mailbox.host, port: mailbox.port };
    const good = await startNewsletter({ variant: 'good', smtp, exchanger });
    const auto = await startNewsletter({ variant: 'auto-responder', smtp, exchanger });
    try {
      expect(good.smtp).toEqual(exchanger.target);
      expect(auto.smtp).toEqual(exchanger.target);
      await sendMail(exchanger.target, { from: 'shared@example.test', to: 'unsubscribe@auto-responder.newsletter.test', subject: 'hi', text: 'hi' });
      expect(mailsTo(mailbox, 'shared@example.test', 'Please verify you are a real human')).toHaveLength(1);
      await auto.close();
      await expect(
        sendMail(exchanger.target, { from: 'shared@example.test', to: 'unsubscribe@auto-responder.newsletter.test', subject: 'hi', text: 'hi' }),
      ).rejects.toThrow(/550/);
    } finally {
      await Promise.all([good.close(), auto.close()]);
      await exchanger.close();
    }
  });
});
