import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBookshop, type BookshopVariant } from '../../../src/demo/bookshop.js';
import type { DemoSite } from '../../../src/demo/site.js';
import { linkByText, postForm, startMailbox, type TestMailbox } from './mailbox.js';

let mailbox: TestMailbox;
const sites = new Map<BookshopVariant, DemoSite>();

beforeAll(async () => {
  mailbox = await startMailbox();
  const smtp = { host: mailbox.host, port: mailbox.port };
  for (const variant of ['good', 'soft-404-test-link', 'dead-pdf-link'] as const) sites.set(variant, await startBookshop({ variant, smtp }));
});

afterAll(async () => {
  await Promise.all([...sites.values()].map((s) => s.close()));
  await mailbox?.close();
});

/** Orders the book and returns the order page's HTML and the site. */
async function order(variant: BookshopVariant, format: 'ebook' | 'paperback', email: string) {
  const site = sites.get(variant)!;
  const res = await postForm(`${site.url}/checkout`, { book: 'promise-keeper', name: 'Ada', email, format, terms: 'accepted' }, { redirect: 'manual' });
  const page = await (await fetch(site.url + res.headers.get('location'))).text();
  return { site, page };
}

/** Reads a PDF the way a reader's viewer does: its text and its clickable links. */
async function readPdf(bytes: Uint8Array): Promise<{ text: string; links: string[] }> {
  const pdfjs = await import('unpdf/pdfjs');
  const task = pdfjs.getDocument({ data: bytes, useSystemFonts: false, verbosity: 0 });
  const doc = await task.promise;
  const page = await doc.getPage(1);
  const text = (await page.getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join('\n');
  const links = (await page.getAnnotations()).filter((a) => a.subtype === 'Link').map((a) => String(a.url));
  await task.destroy();
  return { text, links };
}

async function downloadEbook(site: DemoSite, page: string): Promise<Uint8Array> {
  const path = /href="([^"]+\.pdf)"/.exec(page)?.[1];
  expect(path, 'the order page offers the e-book').toBeDefined();
  const res = await fetch(site.url + path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  expect(res.headers.get('content-disposition')).toContain('attachment');
  return new Uint8Array(await res.arrayBuffer());
}

describe('the e-book', () => {
  it('is a real PDF that prints and links the online test', async () => {
    const { site, page } = await order('good', 'ebook', 'ebook-good@example.test');
    const { text, links } = await readPdf(await downloadEbook(site, page));
    expect(text).toContain('The Promise Keeper');
    expect(text).toContain(`Online test: ${site.url}/tests/promise-keeper`);
    expect(links).toEqual([`${site.url}/tests/promise-keeper`]);
  });

  it('is only offered to e-book buyers', async () => {
    const { page } = await order('good', 'paperback', 'paperback@example.test');
    expect(page).not.toContain('.pdf');
  });

  it('dead-pdf-link variant prints an address on a domain that cannot exist', async () => {
    const { site, page } = await order('dead-pdf-link', 'ebook', 'ebook-dead@example.test');
    const { links } = await readPdf(await downloadEbook(site, page));
    expect(links).toEqual(['http://tests.promise-keeper.invalid/online-test']);
  });
});

describe('soft-404-test-link variant', () => {
  it('mails a test link that answers 200 OK with a "not found" page', async () => {
    await order('soft-404-test-link', 'paperback', 'soft@example.test');
    const [mail] = mailbox.to('soft@example.test');
    const link = linkByText(String(mail.parsed.html), 'Take the online test');
    const res = await fetch(link);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain('<title>Page not found');
    expect(body).not.toContain('Online test: The Promise Keeper');
  });
});
