import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStepHarness, type StepHarness } from './step-harness.js';

/**
 * Every step kind run on its own, as the runner runs it, against a real page and a real
 * site on loopback: its arguments, the findings it leaves and the words a user reads.
 */
let h: StepHarness;
beforeAll(async () => {
  h = await startStepHarness();
  h.route('/', '<title>Shop</title><h1>Welcome</h1><a href="/newsletter">Newsletter</a><p>Hello reader</p>');
  h.route(
    '/newsletter',
    `<title>Newsletter</title><form action="/subscribed" method="post">
       <label>Email <input name="email"></label>
       <label>Country <select name="country"><option>France</option><option>Canada</option></select></label>
       <label><input type="checkbox" name="terms"> I agree</label>
       <button>Subscribe</button></form><p id="code">Order 4711</p>`,
  );
  h.route('/subscribed', (req, res) => {
    let body = '';
    req.on('data', (c) => (body += c)).on('end', () => res.writeHead(200, { 'content-type': 'text/html' }).end(`<h1>Thanks</h1><p>${new URLSearchParams(body).toString()}</p>`));
  });
  h.route('/api/stats', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"sent":{"count":3}}'));
  h.route('/gone', (_req, res) => res.writeHead(410, { 'content-type': 'text/html' }).end('<h1>Gone</h1>'));
}, 60_000);
afterAll(async () => {
  await h?.close();
});
beforeEach(() => h.captures.clear());

describe('browser steps', () => {
  it('goto opens a page relative to the base URL, and reports a page that answers 4xx as PAGE_BROKEN', async () => {
    expect((await h.runStep('goto', '/')).status).toBe('passed');
    expect(h.page.url()).toBe(`${h.site}/`);
    const gone = await h.runStep('goto', '/gone');
    expect(gone.status).toBe('failed');
    expect(gone.findings).toEqual([expect.objectContaining({ code: 'PAGE_BROKEN', message: `The page ${h.site}/gone answered with HTTP 410.` })]);
    expect((await h.runStep('goto', { url: '/gone', expectStatus: 410 })).status).toBe('passed');
  });

  it('expectText passes on visible text (case-insensitive) and names the page and the text when it is missing', async () => {
    await h.runStep('goto', '/');
    expect((await h.runStep('expectText', 'hello READER')).status).toBe('passed');
    expect((await h.runStep('expectText', '/^welcome$/i')).status).toBe('passed');
    const missing = await h.runStep('expectText', 'Goodbye', { timeoutMs: 500 });
    expect(missing.findings[0]).toMatchObject({ code: 'TEXT_NOT_FOUND' });
    expect(missing.error).toBe(`The page ${h.site}/ did not show the text "Goodbye" within 500ms.`);
  });

  it('click prefers the link or button over other text, and says what it could not find', async () => {
    await h.runStep('goto', '/');
    expect((await h.runStep('click', 'Newsletter')).status).toBe('passed');
    await h.page.waitForURL('**/newsletter');
    const missing = await h.runStep('click', 'Buy now', { timeoutMs: 500 });
    expect(missing.status).toBe('failed');
    expect(missing.findings[0].code).toBe('ELEMENT_NOT_FOUND');
    expect(missing.error).toBe(`The page ${h.site}/newsletter showed no button, link or text "Buy now" within 500ms.`);
  });

  it('fill, select and check drive a form; the submitted values reach the site', async () => {
    await h.runStep('goto', '/newsletter');
    expect((await h.runStep('fill', { label: 'Email', value: 'anna@example.org' })).status).toBe('passed');
    expect((await h.runStep('select', { label: 'Country', option: 'Canada' })).status).toBe('passed');
    expect((await h.runStep('check', { label: 'I agree' })).status).toBe('passed');
    await h.runStep('click', 'Subscribe');
    expect((await h.runStep('expectText', 'email=anna%40example.org&country=Canada&terms=on')).status).toBe('passed');
  });

  it('expectUrl and expectVisible judge where the customer is and what they see', async () => {
    await h.runStep('goto', '/newsletter');
    expect((await h.runStep('expectUrl', '/newsletter')).status).toBe('passed');
    const wrongUrl = await h.runStep('expectUrl', '/checkout', { timeoutMs: 500 });
    expect(wrongUrl.status).toBe('failed');
    expect(wrongUrl.error).toContain('/checkout');
    expect((await h.runStep('expectVisible', { role: 'button', name: 'Subscribe' })).status).toBe('passed');
    expect((await h.runStep('expectVisible', { role: 'button', name: 'Unsubscribe' }, { timeoutMs: 500 })).status).toBe('failed');
  });

  it('capture keeps a text for later steps, and screenshot attaches a PNG', async () => {
    await h.runStep('goto', '/newsletter');
    expect((await h.runStep('capture', { css: '#code', match: 'Order (\\d+)', as: 'order' })).status).toBe('passed');
    expect(h.captures.get('order')).toBe('4711');
    const shot = await h.runStep('screenshot', 'the form');
    expect(shot.attachments).toEqual([expect.objectContaining({ name: 'the-form.png', contentType: 'image/png' })]);
    expect(shot.attachments[0].body.subarray(1, 4).toString()).toBe('PNG');
  });

  it('press sends a key to the focused page', async () => {
    await h.runStep('goto', '/newsletter');
    await h.runStep('fill', { label: 'Email', value: 'ben@example.org' });
    expect((await h.runStep('press', { label: 'Email', key: 'Enter' })).status).toBe('passed');
    expect((await h.runStep('expectText', 'email=ben%40example.org')).status).toBe('passed');
  });
});

describe('http and wait', () => {
  it('http checks status and JSON paths, and says what differed', async () => {
    expect((await h.runStep('http', { url: '/api/stats', expect: { json: { 'sent.count': 3 } }, as: 'stats' })).status).toBe('passed');
    expect(h.captures.get('stats')).toBe('{"sent":{"count":3}}');
    const wrong = await h.runStep('http', { url: '/api/stats', expect: { json: { 'sent.count': 4 } } });
    expect(wrong.findings[0]).toMatchObject({ code: 'HTTP_UNEXPECTED', message: 'GET /api/stats: "sent.count" is 3, expected 4.' });
    const gone = await h.runStep('http', '/gone');
    expect(gone.findings[0].code).toBe('HTTP_UNEXPECTED');
    expect(gone.error).toContain('410');
  });

  it('wait waits for the duration it is given', async () => {
    const started = Date.now();
    expect((await h.runStep('wait', '300ms')).status).toBe('passed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

const mail = (subject: string, body: string) =>
  `From: Brand <news@brand.example>\r\nTo: reader.test@journey-audit.test\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@brand.example>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${body}\r\n`;

describe('mail steps', () => {
  it('waitForEmail matches by subject, remembers the mail, and reads each mail once', async () => {
    await h.deliver('reader', mail('Please confirm', `<a href="${'SITE'}/confirm">Confirm</a>`));
    expect((await h.runStep('waitForEmail', { to: 'reader', subject: '/confirm/i', as: 'confirm' })).status).toBe('passed');
    expect(h.captures.get('confirm')).toMatchObject({ subject: 'Please confirm' });
    const again = await h.runStep('waitForEmail', { to: 'reader', subject: '/confirm/i', within: '200ms' });
    expect(again.findings[0]).toMatchObject({ code: 'MAIL_NOT_RECEIVED', message: 'No email (subject /confirm/i) arrived at reader.test@journey-audit.test within 200ms.' });
  });

  it('openLink opens a link of a remembered mail by its text, and lists the links when none matches', async () => {
    await h.deliver('reader', mail('Welcome', `<p>Read <a href="${h.site}/newsletter">the newsletter</a></p>`));
    await h.runStep('waitForEmail', { to: 'reader', subject: 'Welcome', as: 'welcome' });
    const opened = await h.runStep('openLink', { in: 'welcome', text: 'the newsletter' });
    expect(opened.status).toBe('passed');
    expect(h.page.url()).toBe(`${h.site}/newsletter`);
    expect(opened.sideEffects).toEqual(['link-followed']);
    const missing = await h.runStep('openLink', { in: 'welcome', text: 'Unsubscribe' });
    expect(missing.findings[0].code).toBe('MAIL_LINK_NOT_FOUND');
    expect(missing.error).toBe('The email “Welcome” has no link "Unsubscribe". Links found: “the newsletter”.');
  });

  it('openLink reports a link that leads to an error page as LINK_BROKEN', async () => {
    await h.deliver('reader', mail('Receipt', `<a href="${h.site}/gone">Your test</a>`));
    await h.runStep('waitForEmail', { to: 'reader', subject: 'Receipt', as: 'receipt' });
    const broken = await h.runStep('openLink', { in: 'receipt', text: 'Your test' });
    expect(broken.findings[0]).toMatchObject({ code: 'LINK_BROKEN' });
    expect(broken.error).toContain('(HTTP 410)');
  });

  it('expectNoEmail passes on a quiet mailbox, and after unsubscribing a new mail is UNSUB_NOT_HONOURED', async () => {
    expect((await h.runStep('expectNoEmail', { to: 'quiet', for: '200ms' })).status).toBe('passed');
    await h.deliver('leaver', mail('Weekly news', '<p>News</p>'));
    const late = await h.runStep('expectNoEmail', { to: 'leaver', for: '200ms', reason: 'unsubscribed' });
    expect(late.findings[0].code).toBe('UNSUB_NOT_HONOURED');
    expect(late.error).toContain('“Weekly news” from Brand <news@brand.example>');
  });
});
