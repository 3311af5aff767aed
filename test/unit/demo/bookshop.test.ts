import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBookshop } from '../../../src/demo/bookshop.js';
import type { DemoSite } from '../../../src/demo/site.js';
import { linkByText, postForm as postFormAs, rawHeaderLines, startSitePair, type SitePair, type TestMailbox } from './mailbox.js';

let pair: SitePair;
let mailbox: TestMailbox;
let good: DemoSite;
let broken: DemoSite;

beforeAll(async () => {
  pair = await startSitePair(startBookshop, ['good', 'dead-test-link']);
  ({ mailbox, good, broken } = pair);
});

afterAll(() => pair?.close());

function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return postFormAs(url, fields, { redirect: 'manual' });
}

/** Places an order and returns the receipt mail sent for it. */
async function buy(site: DemoSite, email: string) {
  const res = await postForm(`${site.url}/checkout`, {
    book: 'promise-keeper',
    name: 'Ada Reader',
    email,
    format: 'ebook',
    terms: 'accepted',
  });
  expect(res.status).toBe(303);
  const location = res.headers.get('location') ?? '';
  expect(location).toMatch(/^\/orders\/BK-[0-9A-F]+$/);
  const orderPage = await fetch(site.url + location);
  const orderHtml = await orderPage.text();
  expect(orderHtml).toContain('<h1>Thank you for your order</h1>');
  expect(orderHtml).toContain(`We sent a receipt to ${email}`);

  // The mail was accepted before the redirect was written, so it is already here.
  const mails = mailbox.to(email);
  expect(mails).toHaveLength(1);
  return { mail: mails[0], orderId: location.split('/').pop() ?? '' };
}

describe('bookshop pages', () => {
  it('leads from the home page to the checkout form', async () => {
    const home = await (await fetch(`${good.url}/`)).text();
    expect(home).toContain('<h1>Bookshop</h1>');
    expect(home).toContain('<a href="/books/promise-keeper">The Promise Keeper</a>');

    const book = await (await fetch(`${good.url}/books/promise-keeper`)).text();
    expect(book).toContain('<h1>The Promise Keeper</h1>');
    expect(book).toContain('online test');
    expect(book).toContain('<a href="/checkout?book=promise-keeper">Buy now</a>');

    const checkout = await (await fetch(`${good.url}/checkout?book=promise-keeper`)).text();
    for (const snippet of [
      '<label for="name">Full name</label>',
      '<input type="text" id="name" name="name"',
      '<label for="email">Email</label>',
      '<input type="email" id="email" name="email"',
      '<label for="format">Format</label>',
      '>Paperback</option>',
      '>E-book</option>',
      '<input type="checkbox" id="terms" name="terms"',
      '<label for="terms">I accept the terms</label>',
      '<button type="submit">Place order</button>',
    ]) {
      expect(checkout).toContain(snippet);
    }
    expect(checkout).not.toMatch(/(src|href)="https?:/);
  });

  it('re-shows the form with a 400 and escapes what was typed', async () => {
    const res = await postForm(`${good.url}/checkout`, {
      book: 'promise-keeper',
      name: '<script>alert(1)</script>',
      email: 'not-an-email',
      format: 'paperback',
    });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain('Please enter a valid email address.');
    expect(body).toContain('Please accept the terms to place your order.');
    expect(body).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(body).not.toContain('<script>');
  });

  it('rejects a checkout with missing fields without crashing', async () => {
    const res = await postForm(`${good.url}/checkout`, { book: 'promise-keeper' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<button type="submit">Place order</button>');
  });

  it('caps request bodies at 64 KB', async () => {
    const res = await postForm(`${good.url}/checkout`, { name: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
  });

  it('answers unknown paths with 404 "Page not found"', async () => {
    const res = await fetch(`${good.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<h1>Page not found</h1>');
    expect((await fetch(`${good.url}/orders/BK-000000`)).status).toBe(404);
    expect((await fetch(`${good.url}/checkout?book=other`)).status).toBe(404);
  });

  it('scores the online test', async () => {
    const quiz = await (await fetch(`${good.url}/tests/promise-keeper`)).text();
    expect(quiz).toContain('<h1>Online test: The Promise Keeper</h1>');
    expect(quiz.match(/<fieldset>/g)).toHaveLength(3);
    expect(quiz).toContain('<button type="submit">Submit answers</button>');

    const res = await postForm(`${good.url}/tests/promise-keeper`, { q1: 'a', q2: 'c', q3: 'a' });
    const result = await res.text();
    expect(result).toContain('<h1>Your result</h1>');
    expect(result).toContain('You scored 2 of 3');
  });
});

describe('receipt mail', () => {
  it('good variant: receipt link leads to the online test', async () => {
    const { mail, orderId } = await buy(good, 'good-buyer@example.test');
    const { parsed } = mail;
    expect(rawHeaderLines(mail.raw)).toContain('From: Bookshop <orders@bookshop.test>');
    expect(parsed.subject).toBe('Your receipt for The Promise Keeper');
    expect(parsed.text).toContain(orderId);
    expect(parsed.text).toContain('Format: E-book');
    expect(parsed.html).toContain(orderId);

    const link = linkByText(String(parsed.html), 'Take the online test');
    expect(link).toBe(`${good.url}/tests/promise-keeper`);
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<h1>Online test: The Promise Keeper</h1>');
  });

  it('dead-test-link variant: receipt link is a 404', async () => {
    const { mail } = await buy(broken, 'broken-buyer@example.test');
    const link = linkByText(String(mail.parsed.html), 'Take the online test');
    expect(link).toBe(`${broken.url}/tests/promise-keeper-2nd-ed`);
    const res = await fetch(link);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<h1>Page not found</h1>');
  });
});

describe('when the mail server is down', () => {
  it('answers 502 instead of crashing, and records no order', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const site = await startBookshop({ variant: 'good', smtp: { host: '127.0.0.1', port } });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await postForm(`${site.url}/checkout`, {
        book: 'promise-keeper',
        email: 'nobody@example.test',
        format: 'paperback',
        terms: 'accepted',
      });
      expect(res.status).toBe(502);
      expect(await res.text()).toContain('<h1>We could not send the email right now</h1>');
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
      await site.close();
    }
  });
});
