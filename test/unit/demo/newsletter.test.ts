import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNewsletter } from '../../../src/demo/newsletter.js';
import type { DemoSite } from '../../../src/demo/site.js';
import { linkByText, postForm, rawHeaderLines, startSitePair, type SitePair, type CapturedMail, type TestMailbox } from './mailbox.js';

let pair: SitePair;
let mailbox: TestMailbox;
let good: DemoSite;
let broken: DemoSite;

beforeAll(async () => {
  pair = await startSitePair(startNewsletter, ['good', 'ignores-unsubscribe']);
  ({ mailbox, good, broken } = pair);
});

afterAll(() => pair?.close());

function mailsTo(email: string, subject: string): CapturedMail[] {
  return mailbox.to(email).filter((m) => m.parsed.subject === subject);
}

/** Subscribes and clicks the confirmation link, like a reader would. */
async function subscribeAndConfirm(site: DemoSite, email: string): Promise<void> {
  const res = await postForm(`${site.url}/subscribe`, { email });
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('<h1>Check your inbox</h1>');

  const [mail] = mailsTo(email, 'Please confirm your subscription');
  // Each variant mails from its own domain: newsletter.test for the good one, <variant>.newsletter.test otherwise.
  const domain = site.variant === 'good' ? 'newsletter.test' : `${site.variant}.newsletter.test`;
  expect(rawHeaderLines(mail.raw)).toContain(`From: The Weekly Promise <news@${domain}>`);
  const confirmUrl = linkByText(String(mail.parsed.html), 'Confirm my subscription');
  expect(confirmUrl).toMatch(new RegExp(`^${site.url}/confirm\\?token=[0-9a-f]{32}$`));
  expect(mail.parsed.text).toContain(confirmUrl);

  const confirmed = await fetch(confirmUrl);
  expect(confirmed.status).toBe(200);
  expect(await confirmed.text()).toContain("<h1>You're subscribed!</h1>");
}

async function sendCampaign(site: DemoSite): Promise<number> {
  const res = await fetch(`${site.url}/admin/send-campaign`, { method: 'POST' });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const { sent } = (await res.json()) as { sent: number };
  return sent;
}

/** Unsubscribes through the footer link of the latest campaign mail, like a reader would. */
async function unsubscribeViaFooter(email: string): Promise<void> {
  const campaign = mailsTo(email, "This week's promise").at(-1);
  const pageUrl = linkByText(String(campaign?.parsed.html), 'Unsubscribe');
  const page = await (await fetch(pageUrl)).text();
  expect(page).toContain('<h1>Unsubscribe</h1>');
  expect(page).toContain(`Stop receiving The Weekly Promise at ${email}?`);
  expect(page).toContain('<button type="submit">Unsubscribe</button>');

  const token = new URL(pageUrl).searchParams.get('token') ?? '';
  const res = await postForm(new URL('/unsubscribe', pageUrl).href, { token });
  expect(res.status).toBe(200);
  expect(await res.text()).toContain('<h1>You have been unsubscribed</h1>');
}

describe('newsletter pages', () => {
  it('shows the subscribe form', async () => {
    const home = await (await fetch(`${good.url}/`)).text();
    expect(home).toContain('<h1>The Weekly Promise</h1>');
    expect(home).toContain('<label for="email">Email</label>');
    expect(home).toContain('<button type="submit">Subscribe</button>');
  });

  it('rejects an invalid address with 400 and escapes it', async () => {
    const res = await postForm(`${good.url}/subscribe`, { email: '"><b>hi' });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain('Please enter a valid email address.');
    expect(body).toContain('value="&quot;&gt;&lt;b&gt;hi"');
  });

  it('rejects bad confirmation and unsubscribe tokens', async () => {
    for (const path of ['/confirm?token=nope', '/confirm']) {
      const res = await fetch(good.url + path);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('This confirmation link is not valid');
    }
    expect((await fetch(`${good.url}/unsubscribe?token=nope`)).status).toBe(400);
    expect((await postForm(`${good.url}/unsubscribe`, {})).status).toBe(400);
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    const res = await fetch(`${good.url}/missing`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<h1>Page not found</h1>');
    const get = await fetch(`${good.url}/admin/send-campaign`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('caps request bodies at 64 KB', async () => {
    const res = await postForm(`${good.url}/subscribe`, { email: 'a'.repeat(65 * 1024) });
    expect(res.status).toBe(413);
  });
});

describe('campaign mail', () => {
  it('carries the List-* headers and the footer unsubscribe link', async () => {
    const email = 'headers@example.test';
    await subscribeAndConfirm(good, email);
    await sendCampaign(good);

    const [mail] = mailsTo(email, "This week's promise");
    expect(rawHeaderLines(mail.raw)).toContain('From: The Weekly Promise <news@newsletter.test>');
    const footerUrl = linkByText(String(mail.parsed.html), 'Unsubscribe');
    const token = new URL(footerUrl).searchParams.get('token') ?? '';
    expect(footerUrl).toBe(`${good.url}/unsubscribe?token=${token}`);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(mail.parsed.text).toContain(footerUrl);

    // Field names are case-insensitive (RFC 5322); nodemailer writes "List-ID". Values must match exactly.
    const header = (name: string) =>
      rawHeaderLines(mail.raw)
        .filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
        .map((line) => line.slice(name.length + 1).trim());
    expect(header('List-Unsubscribe')).toEqual([
      `<${good.url}/unsubscribe/one-click?token=${token}>, <mailto:unsubscribe@newsletter.test?subject=unsubscribe%20${token}>`,
    ]);
    expect(header('List-Unsubscribe-Post')).toEqual(['List-Unsubscribe=One-Click']);
    expect(header('List-Id')).toEqual(['The Weekly Promise <weekly.newsletter.test>']);
  });

  it('good variant: after unsubscribing, the campaign no longer reaches the reader', async () => {
    const leaver = 'leaver-good@example.test';
    const stayer = 'stayer-good@example.test';
    await subscribeAndConfirm(good, leaver);
    await subscribeAndConfirm(good, stayer);
    const before = await sendCampaign(good);
    expect(mailsTo(leaver, "This week's promise")).toHaveLength(1);

    await unsubscribeViaFooter(leaver);
    expect(await sendCampaign(good)).toBe(before - 1);
    expect(mailsTo(leaver, "This week's promise")).toHaveLength(1);
    expect(mailsTo(stayer, "This week's promise")).toHaveLength(2);
  });

  it('?to= sends the campaign to that member only, so journeys sharing a site do not mail each other', async () => {
    const mine = 'Mine-To@example.test';
    const theirs = 'theirs-to@example.test';
    await subscribeAndConfirm(good, mine);
    await subscribeAndConfirm(good, theirs);
    const res = await fetch(`${good.url}/admin/send-campaign?to=${encodeURIComponent(mine.toLowerCase())}`, { method: 'POST' });
    expect(await res.json()).toEqual({ sent: 1 });
    expect(mailsTo(mine, "This week's promise")).toHaveLength(1);
    expect(mailsTo(theirs, "This week's promise")).toHaveLength(0);
    const nobody = await fetch(`${good.url}/admin/send-campaign?to=stranger@example.test`, { method: 'POST' });
    expect(await nobody.json()).toEqual({ sent: 0 });
    const both = await fetch(`${good.url}/admin/send-campaign?to=${encodeURIComponent(mine)}&to=${encodeURIComponent(theirs)}`, { method: 'POST' });
    expect(await both.json()).toEqual({ sent: 2 });
  });

  it('good variant: RFC 8058 one-click unsubscribe is honoured', async () => {
    const email = 'one-click-good@example.test';
    await subscribeAndConfirm(good, email);
    const before = await sendCampaign(good);
    const [mail] = mailsTo(email, "This week's promise");
    const header = rawHeaderLines(mail.raw).find((l) => l.startsWith('List-Unsubscribe:')) ?? '';
    const oneClick = /<(http[^>]+)>/.exec(header)?.[1] ?? '';
    expect(oneClick).toMatch(/\/unsubscribe\/one-click\?token=/);

    const bad = await fetch(oneClick, { method: 'POST', body: 'nonsense' });
    expect(bad.status).toBe(400);
    const res = await fetch(oneClick, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('Unsubscribed');

    expect(await sendCampaign(good)).toBe(before - 1);
    expect(mailsTo(email, "This week's promise")).toHaveLength(1);
  });

  it('ignores-unsubscribe variant: says goodbye but keeps sending', async () => {
    const leaver = 'leaver-broken@example.test';
    await subscribeAndConfirm(broken, leaver);
    const before = await sendCampaign(broken);
    await unsubscribeViaFooter(leaver);

    const oneClick = `${broken.url}/unsubscribe/one-click?${new URL(
      linkByText(String(mailsTo(leaver, "This week's promise")[0].parsed.html), 'Unsubscribe'),
    ).searchParams}`;
    const res = await fetch(oneClick, { method: 'POST', body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }) });
    expect(res.status).toBe(200);

    expect(await sendCampaign(broken)).toBe(before);
    expect(mailsTo(leaver, "This week's promise")).toHaveLength(2);
  });
});
