import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveBrowser } from '../../../src/browser/resolve-browser.js';
import { toPattern } from '../../../src/core/pattern.js';
import { startNewsletter, type NewsletterVariant } from '../../../src/demo/newsletter.js';
import type { DemoSite } from '../../../src/demo/site.js';
import { walkUnsubscribeFlow } from '../../../src/unsubscribe/link-flow.js';
import { startMailbox, type TestMailbox } from '../demo/mailbox.js';
import { footerLink, sendCampaign, subscribeAndConfirm, weeklyCount } from '../demo/newsletter-reader.js';
import { budget } from '../../support/time-budget.js';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let mailbox: TestMailbox;
const sites: Partial<Record<NewsletterVariant, DemoSite>> = {};
let inline: Server;
let inlineUrl: string;

/** Small pages for what the demo newsletter does not do. */
const INLINE_PAGES: Record<string, string> = {
  '/dead': '<h1>Unsubscribe</h1><button type="button">Unsubscribe</button>',
  '/fake': `<h1>Unsubscribe</h1><button type="button" onclick="document.body.innerHTML='<h1>You have been unsubscribed</h1>'">Unsubscribe</button>`,
  '/captcha': '<h1>Unsubscribe</h1><form method="post" action="/done"><div class="g-recaptcha" data-sitekey="x" style="width:300px;height:80px"></div><button>Unsubscribe</button></form>',
  '/invisible-captcha':
    '<h1>Unsubscribe</h1><form method="post" action="/done"><div class="g-recaptcha" data-sitekey="x" data-size="invisible" style="width:300px;height:80px"></div>' +
    '<button>Unsubscribe</button><p>This site is protected by reCAPTCHA.</p></form>',
  '/extra':
    '<h1>Unsubscribe</h1><form method="post" action="/done"><label>Email <input type="email" name="email" required></label>' +
    '<label>Why are you leaving? <select name="reason" required><option value=""></option><option>Too many</option></select></label><button>Unsubscribe</button></form>',
  '/radio':
    '<h1>Email settings</h1><form method="post" action="/done"><label><input type="radio" name="choice" value="stay" checked> Keep me subscribed</label>' +
    '<label><input type="radio" name="choice" value="leave"> Take me off every list</label><button>Confirm</button><a href="mailto:help@example.test">Unsubscribe by email</a></form>',
  '/dialog': `<h1>Unsubscribe</h1><form method="post" action="/done" onsubmit="return confirm('Are you sure?')"><button>Unsubscribe</button></form>`,
  '/received': '<h1>Email preferences</h1><form method="post" action="/received-done"><button>Unsubscribe</button></form>',
  '/future-tense': '<h1>Unsubscribe</h1><p>Once you confirm below, you will no longer receive our newsletter.</p><form method="post" action="/received-done"><button>Confirm</button></form>',
  '/check-mail': '<h1>Leave the list</h1><form method="post" action="/check-mail-done"><button>Unsubscribe</button></form>',
  '/expired': '<h1>Unsubscribe</h1><form method="post" action="/expired-done"><button>Unsubscribe</button></form>',
  '/email': '<h1>Abmelden</h1><form method="post" action="/done"><label>E-Mail-Adresse <input type="email" name="email" required></label><button>Abmelden</button></form>',
};

beforeAll(async () => {
  const found = await resolveBrowser();
  browser = await chromium.launch({ executablePath: found.executablePath, args: found.args });
  mailbox = await startMailbox();
  const smtp = { host: mailbox.host, port: mailbox.port };
  for (const variant of ['good', 'login-wall', 'pre-ticked'] as const) sites[variant] = await startNewsletter({ variant, smtp });

  inline = createServer((req, res) => {
    if (req.url === '/hang') return; // never answers
    if (req.url === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
    if (req.url === '/huge') {
      // 10 MB of text, then an ordinary unsubscribe button.
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<!doctype html><html><body><h1>Unsubscribe</h1><form method="post" action="/done"><button>Unsubscribe</button></form><p>');
      res.end(`${'lorem ipsum '.repeat(870_000)}</p></body></html>`);
      return;
    }
    const after: Record<string, string> = {
      // The wording of the defect: neither sentence is in any list of "you are unsubscribed" phrases.
      '/received-done': "<h1>We've received your request</h1><p>Your request has been received. It can take up to 48 hours.</p><a href=\"/\">Back to the shop</a>",
      '/check-mail-done': '<h1>Almost done</h1><p role="status">Check your inbox: we have sent you an email to confirm that you want to leave.</p>',
      '/expired-done': '<h1>Something went wrong</h1><p>This link has expired.</p>',
    };
    if (req.method === 'POST' && after[req.url ?? '']) {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><html><body>${after[req.url ?? '']}</body></html>`));
      return;
    }
    if (req.method === 'POST' && req.url === '/done') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk));
      req.on('end', () => {
        const email = new URLSearchParams(body).get('email');
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<h1>Sie wurden erfolgreich abgemeldet</h1><p>${email}</p>`);
      });
      return;
    }
    const html = INLINE_PAGES[req.url ?? ''];
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html' }).end(`<!doctype html><html><body>${html ?? 'not found'}</body></html>`);
  });
  await new Promise<void>((resolve) => inline.listen(0, '127.0.0.1', resolve));
  inlineUrl = `http://127.0.0.1:${(inline.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  inline?.closeAllConnections();
  await new Promise((resolve) => inline?.close(resolve));
  await Promise.all(Object.values(sites).map((site) => site.close()));
  await mailbox?.close();
});

beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
});

afterEach(async () => {
  await context.close();
});

let readers = 0;
/** A confirmed reader of `variant` and the unsubscribe link of their first newsletter. */
async function readerLink(variant: NewsletterVariant): Promise<{ email: string; link: string }> {
  const site = sites[variant]!;
  const email = `flow-${variant}-${++readers}@example.test`;
  await subscribeAndConfirm(site, mailbox, email);
  await sendCampaign(site);
  return { email, link: footerLink(mailbox, email) };
}

const codes = (verdict: { problems: { code: string }[] }) => verdict.problems.map((p) => p.code);

describe('walkUnsubscribeFlow on the demo newsletter', () => {
  it('good: one page, one action, a real request, confirmed, and the mail stops', async () => {
    const { email, link } = await readerLink('good');
    const verdict = await walkUnsubscribeFlow(page, link, { email, timeoutMs: 20_000 });
    expect(verdict).toMatchObject({ reachedConfirmation: true, pages: 1, actions: 1, problems: [] });
    expect(verdict.requests).toEqual([`POST ${sites.good!.url}/unsubscribe`]);
    expect(verdict.screenshots.map((s) => s.name)).toEqual(['unsubscribe-01-page-1.png', 'unsubscribe-02-confirmation.png']);
    for (const { png } of verdict.screenshots) expect(png.subarray(1, 4).toString()).toBe('PNG');

    await sendCampaign(sites.good!);
    expect(weeklyCount(mailbox, email)).toBe(1);
  });

  it('login-wall: stops at the login page with UNSUB_LOGIN_REQUIRED', async () => {
    const { email, link } = await readerLink('login-wall');
    const verdict = await walkUnsubscribeFlow(page, link, { email, timeoutMs: 20_000 });
    expect(verdict.reachedConfirmation).toBe(false);
    expect(codes(verdict)).toEqual(['UNSUB_LOGIN_REQUIRED']);
    expect(verdict.problems[0]).toMatchObject({ rule: 'CFR316.5' });
    expect(verdict.actions).toBe(0);
  });

  it('pre-ticked: two pages, ticked "keep me" boxes and confirmshaming', async () => {
    const { email, link } = await readerLink('pre-ticked');
    const verdict = await walkUnsubscribeFlow(page, link, { email, timeoutMs: 20_000 });
    expect(verdict.reachedConfirmation).toBe(true);
    expect(verdict.pages).toBe(2);
    // Page 1 button, two boxes unticked, page 2 button.
    expect(verdict.actions).toBe(4);
    expect(new Set(codes(verdict))).toEqual(new Set(['UNSUB_EXTRA_STEPS', 'UNSUB_CONFIRMSHAMING']));
    const shaming = verdict.problems.find((p) => p.code === 'UNSUB_CONFIRMSHAMING');
    expect(shaming?.message).toContain("No, I don't want to keep learning");
    expect(shaming?.rule).toBe('GDPR-OBJECT');
    expect(verdict.problems.map((p) => p.message).join('\n')).toMatch(/made in advance.*Keep me on Deals/);

    // Unticked by the walker, so the reader is on no list at all.
    await sendCampaign(sites['pre-ticked']!);
    expect(mailbox.to(email).filter((m) => m.parsed.subject !== 'Please confirm your subscription')).toHaveLength(1);
  });
});

describe('walkUnsubscribeFlow finds no fault where the link path works', () => {
  it.each(['second-list', 'one-click-redirect', 'keeps-mailing', 'auto-responder', 'delayed'] as const)('%s: one page, one action, no problem', async (variant) => {
    sites[variant] ??= await startNewsletter({ variant, smtp: { host: mailbox.host, port: mailbox.port } });
    const { email, link } = await readerLink(variant);
    const verdict = await walkUnsubscribeFlow(page, link, { email, timeoutMs: 20_000 });
    expect(verdict).toMatchObject({ reachedConfirmation: true, pages: 1, actions: 1, problems: [] });
    expect(verdict.requests).toHaveLength(1);
  });
});

describe('walkUnsubscribeFlow on small pages', () => {
  it('a button that sends nothing and changes nothing is UNSUB_DEAD_BUTTON', async () => {
    const verdict = await walkUnsubscribeFlow(page, `${inlineUrl}/dead`, { email: 'x@example.test', timeoutMs: 10_000 });
    expect(verdict.reachedConfirmation).toBe(false);
    expect(codes(verdict)).toEqual(['UNSUB_DEAD_BUTTON']);
    expect(verdict.requests).toEqual([]);
  });

  it('a confirmation drawn by the page script alone is UNSUB_FAKE_CONFIRMATION', async () => {
    const verdict = await walkUnsubscribeFlow(page, `${inlineUrl}/fake`, { email: 'x@example.test', timeoutMs: 10_000 });
    expect(verdict.reachedConfirmation).toBe(true);
    expect(codes(verdict)).toEqual(['UNSUB_FAKE_CONFIRMATION']);
  });

  it('a CAPTCHA is an extra step', async () => {
    const verdict = await walkUnsubscribeFlow(page, `${inlineUrl}/captcha`, { email: 'x@example.test', timeoutMs: 10_000 });
    expect(verdict.reachedConfirmation).toBe(false);
    expect(codes(verdict)).toEqual(['UNSUB_EXTRA_STEPS']);
    expect(verdict.problems[0].message).toMatch(/CAPTCHA/);
  });

  it('an invisible CAPTCHA asks nothing of the customer and is no finding', async () => {
    const verdict = await walkUnsubscribeFlow(page, `${inlineUrl}/invisible-captcha`, { email: 'x@example.test', timeoutMs: 10_000 });
    expect(verdict).toMatchObject({ reachedConfirmation: true, pages: 1, actions: 1, problems: [] });
  });

  it('a required field beyond the address is an extra step', async () => {
    const verdict = await walkUnsubscribeFlow(page, `${inlineUrl}/extra`, { email: 'x@example.test', timeoutMs: 10_000 });
    expect(codes(verdict)).toEqual(['UNSUB_EXTRA_STEPS']);
    expect(verdict.problems[0].message).toContain('Why are you leaving?');
  });

  it('fills in only the e-mail address, in German, and reads a German confirmation', async () => {
    const verdict = await walkUnsubscribeFlow(page, `${inlineUrl}/email`, { email: 'leser@example.test', timeoutMs: 10_000 });
    expect(verdict).toMatchObject({ reachedConfirmation: true, pages: 1, actions: 2, problems: [] });
    expect(await page.textContent('p')).toBe('leser@example.test');
  });

  it('a radio button preset to "keep me subscribed" is an extra step; the walker picks the other answer', async () => {
    const verdict = await walkUnsubscribeFlow(page, `${inlineUrl}/radio`, { email: 'x@example.test', timeoutMs: 10_000 });
    expect(verdict).toMatchObject({ reachedConfirmation: true, pages: 1, actions: 2 });
    expect(codes(verdict)).toEqual(['UNSUB_EXTRA_STEPS']);
    expect(verdict.problems[0].message).toContain('"Keep me subscribed"');
  });

  it('an "Are you sure?" dialog is accepted and counted as an action', async () => {
    const verdict = await walkUnsubscribeFlow(page, `${inlineUrl}/dialog`, { email: 'x@example.test', timeoutMs: 10_000 });
    expect(verdict).toMatchObject({ reachedConfirmation: true, pages: 1, actions: 2, problems: [] });
  });

  it('a page that says "We\'ve received your request" after the click, with the form gone, is a confirmation', async () => {
    const verdict = await walkUnsubscribeFlow(page, `${inlineUrl}/received`, { email: 'x@example.test', timeoutMs: 10_000 });
    expect(verdict).toMatchObject({ reachedConfirmation: true, pages: 1, actions: 1, problems: [] });
    expect(verdict.lastPage?.evidence).toContain("We've received your request");
  });

  it('"you will no longer receive" above a button still to press is not yet a confirmation', async () => {
    const verdict = await walkUnsubscribeFlow(page, `${inlineUrl}/future-tense`, { email: 'x@example.test', timeoutMs: 10_000 });
    expect(verdict).toMatchObject({ reachedConfirmation: true, pages: 1, actions: 1, problems: [] });
    expect(verdict.requests).toEqual([`POST ${inlineUrl}/received-done`]);
  });

  it('a page that sends the customer to their mailbox is a confirmation round trip, not a confirmation', async () => {
    const verdict = await walkUnsubscribeFlow(page, `${inlineUrl}/check-mail`, { email: 'x@example.test', timeoutMs: 10_000 });
    expect(verdict).toMatchObject({ reachedConfirmation: false, confirmByMail: true });
    expect(codes(verdict)).toEqual(['UNSUB_CONFIRM_ROUND_TRIP']);
    expect(verdict.problems[0].rule).toBe('CFR316.5');
  });

  it('an error page after the click is no confirmation', async () => {
    const verdict = await walkUnsubscribeFlow(page, `${inlineUrl}/expired`, { email: 'x@example.test', timeoutMs: 10_000 });
    expect(verdict.reachedConfirmation).toBe(false);
    expect(verdict.lastPage?.verdict).toBe('error');
  });

  it('a custom confirmation pattern replaces the built-in wording', async () => {
    const verdict = await walkUnsubscribeFlow(page, `${inlineUrl}/email`, { email: 'a@example.test', timeoutMs: 10_000, confirmation: toPattern('/no such words/') });
    expect(verdict).toMatchObject({ reachedConfirmation: false, pages: 2, problems: [] });
  });

  it('a page that never answers ends within the timeout, without throwing', async () => {
    const started = Date.now();
    const verdict = await walkUnsubscribeFlow(page, `${inlineUrl}/hang`, { email: 'x@example.test', timeoutMs: 2_000 });
    expect(Date.now() - started).toBeLessThan(budget(6_000));
    expect(verdict.reachedConfirmation).toBe(false);
    expect(verdict.error).toMatch(/did not finish within 2000 ms|Timeout/);
  });

  it('a redirect loop ends as an error, not a crash', async () => {
    const verdict = await walkUnsubscribeFlow(page, `${inlineUrl}/loop`, { email: 'x@example.test', timeoutMs: 10_000 });
    expect(verdict.reachedConfirmation).toBe(false);
    expect(verdict.error).toMatch(/ERR_TOO_MANY_REDIRECTS/);
  });

  it('a 10 MB page is walked within its time bound', async () => {
    const started = Date.now();
    const verdict = await walkUnsubscribeFlow(page, `${inlineUrl}/huge`, { email: 'x@example.test', timeoutMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(budget(10_000));
    expect(verdict.reachedConfirmation || verdict.error !== undefined).toBe(true);
  });

  it('an unreachable address ends as an error, not a crash', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const verdict = await walkUnsubscribeFlow(page, `http://127.0.0.1:${port}/unsubscribe`, { email: 'x@example.test', timeoutMs: 5_000 });
    expect(verdict.reachedConfirmation).toBe(false);
    expect(verdict.error).toMatch(/ERR_CONNECTION_REFUSED/);
  });
});
