import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { chromium } from 'playwright';
import { describe, expect, it } from 'vitest';
import { resolveBrowser } from '../../../src/browser/resolve-browser.js';
import { extractHtmlLinks, extractMailLinks, extractPdfLinks, extractTextLinks, fragmentTargets, isUnsubscribeLike, LinkExtractionError } from '../../../src/links/index.js';
import { mailLinks } from '../../../src/links/mail-links.js';
import { parseMessage } from '../../../src/mail/parse.js';
import { budget } from '../../support/time-budget.js';

const PAGE = `<!doctype html>
<html><head>
<base href="https://shop.example/books/">
<title>Shop</title>
<link rel="stylesheet" href="/style.css">
<link rel="preconnect" href="https://cdn.example">
<meta http-equiv="refresh" content="30; URL='/later'">
<script src="app.js"></script>
</head><body>
<a href="test-yourself#start">Take the <b>online</b> test</a>
<a href="https://bücher.example/ä">IDN</a>
<a href="javascript:void(0)">menu</a> <a href="#">top</a>
<a href="/cover"><img src="cover.png" alt="The cover" srcset="cover-2x.png 2x, /img/cover,wide.png 800w"></a>
<picture><source srcset="a.webp 1x,b.webp 2x"></picture>
<map><area href="/map/north" alt="North"></map>
<iframe src="https://video.example/embed/1"></iframe>
<form action="/checkout" id="buy"><input name="q"></form>
<a href="http://exa mple.com/">bad</a>
<h2 id="reviews">Reviews</h2><a name="legacy"></a>
</body></html>`;

describe('HTML', () => {
  const links = extractHtmlLinks(PAGE, { baseUrl: 'https://shop.example/books/page.html' });
  const byUrl = (url: string) => links.find((l) => l.url === url);

  it('finds every kind of link, resolved against <base href>, with its tag, text and line', () => {
    expect(byUrl('https://shop.example/books/test-yourself#start')).toMatchObject({ tag: 'a', text: 'Take the online test', where: 'line 10', parent: 'https://shop.example/books/page.html' });
    expect(byUrl('https://shop.example/style.css')).toMatchObject({ tag: 'link' });
    expect(byUrl('https://shop.example/later')).toMatchObject({ tag: 'meta refresh' });
    expect(byUrl('https://shop.example/books/app.js')).toMatchObject({ tag: 'script' });
    expect(byUrl('https://shop.example/cover')).toMatchObject({ tag: 'a', text: 'The cover' });
    expect(byUrl('https://shop.example/books/cover.png')).toMatchObject({ tag: 'img', text: 'The cover' });
    expect(byUrl('https://shop.example/books/cover-2x.png')).toMatchObject({ tag: 'img', where: 'line 13 (srcset)' });
    expect(byUrl('https://shop.example/img/cover,wide.png')).toBeDefined();
    expect(byUrl('https://shop.example/books/a.webp')).toMatchObject({ tag: 'source' });
    expect(byUrl('https://shop.example/books/b.webp')).toBeDefined();
    expect(byUrl('https://shop.example/map/north')).toMatchObject({ tag: 'area', text: 'North' });
    expect(byUrl('https://video.example/embed/1')).toMatchObject({ tag: 'iframe' });
    expect(byUrl('https://shop.example/checkout')).toMatchObject({ tag: 'form', info: true });
  });

  it('keeps IDN hosts as punycode and malformed URLs as written; drops script and empty links', () => {
    expect(byUrl('https://xn--bcher-kva.example/%C3%A4')).toBeDefined();
    expect(byUrl('http://exa mple.com/')).toMatchObject({ text: 'bad' });
    expect(links.some((l) => l.url.startsWith('javascript:') || l.url.endsWith('#'))).toBe(false);
    expect(links.some((l) => l.url.includes('cdn.example'))).toBe(false);
  });

  it('odd bases: relative, protocol-relative, unusable', () => {
    const at = (base: string, href: string) => extractHtmlLinks(`<base href="${base}"><a href="${href}">x</a>`, { baseUrl: 'https://shop.example/a/b/page.html' })[0].url;
    expect(at('../up/', 'x.html')).toBe('https://shop.example/a/up/x.html');
    expect(at('//cdn.example/assets/', 'x.css')).toBe('https://cdn.example/assets/x.css');
    expect(at('javascript:alert(1)', 'x.html')).toBe('https://shop.example/a/b/x.html');
    expect(at('http://[bad', 'https://ok.example/')).toBe('https://ok.example/');
    expect(at('http://[bad', 'y.html')).toBe('https://shop.example/a/b/y.html');
    // Without a base, a mail's relative link stays as written (the checker calls it invalid-url).
    expect(extractHtmlLinks('<a href="/account">x</a>', { baseUrl: '' })[0].url).toBe('/account');
  });

  it('fragmentTargets lists ids and a[name]', () => {
    expect([...fragmentTargets(PAGE)]).toEqual(expect.arrayContaining(['reviews', 'legacy', 'buy']));
  });

  it('reads 100k links quickly', () => {
    const big = `<html><body>${Array.from({ length: 100_000 }, (_, i) => `<p><a href="/p/${i}#s${i % 7}">Page ${i}</a></p>\n`).join('')}</body></html>`;
    const started = performance.now();
    const found = extractHtmlLinks(big, { baseUrl: 'https://docs.example/' });
    expect(found).toHaveLength(100_000);
    expect(found[99_999]).toMatchObject({ url: 'https://docs.example/p/99999#s4', text: 'Page 99999', where: 'line 100000' });
    expect(performance.now() - started).toBeLessThan(budget(5_000));
  });
});

describe('plain text and Markdown', () => {
  const text = [
    '# Book',
    'Test yourself: https://book.example/test.',
    'See [the errata](https://book.example/errata "Errata") and ![cover](https://book.example/cover.png).',
    '(more at https://en.wikipedia.org/wiki/Link_(disambiguation)), or www.book.example/forum!',
    '[ref]: https://book.example/ref',
    'Write to <mailto:author@book.example> or <https://book.example/contact>.',
    'Relative [links](./chapter2.md) have no base.',
  ].join('\n');
  const links = extractTextLinks(text, 'book.md');

  it('finds each link with its line, its label, and no trailing punctuation', () => {
    expect(links.map((l) => [l.url, l.where, l.text])).toEqual([
      ['https://book.example/test', 'line 2', 'Test yourself'],
      ['https://book.example/errata', 'line 3', 'the errata'],
      ['https://book.example/cover.png', 'line 3', 'cover'],
      ['https://en.wikipedia.org/wiki/Link_(disambiguation)', 'line 4', 'more at'],
      ['https://www.book.example/forum', 'line 4', ''],
      ['https://book.example/ref', 'line 5', 'ref'],
      ['mailto:author@book.example', 'line 6', 'Write to'],
      ['https://book.example/contact', 'line 6', ''],
    ]);
  });
});

describe('mail', () => {
  it('reads a real .eml: HTML links with their text, text-part URLs, List-Unsubscribe URIs', async () => {
    const longUrl = `https://shop.example/orders/${'x'.repeat(120)}?utm_source=mail&amp;a=1`;
    const raw = await new MailComposer({
      from: 'Shop <shop@shop.example>',
      to: 'reader@journey-audit.test',
      subject: 'Your receipt',
      text: 'Your e-book: https://shop.example/download/42\nUnsubscribe: https://shop.example/u/42',
      html: `<p>Thanks! <a href="${longUrl}">See your order</a></p><p><a href="https://shop.example/unsubscribe?u=42">Unsubscribe</a></p>`,
      headers: { 'List-Unsubscribe': '<https://shop.example/one-click/42>,\r\n <mailto:unsub@shop.example?subject=42>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    })
      .compile()
      .build();
    const dir = mkdtempSync(join(tmpdir(), 'links-eml-'));
    const path = join(dir, 'receipt.eml');
    writeFileSync(path, raw);
    const mail = await parseMessage({ id: 'm1', seq: 1, receivedAt: 0, envelopeFrom: '', envelopeTo: [], from: '', to: [], subject: '', size: raw.length, sha256: '', path });
    const links = extractMailLinks(mail);

    expect(links.find((l) => l.text === 'See your order')).toMatchObject({ url: longUrl.replace('&amp;', '&'), parent: 'mail:m1', tag: 'a' });
    expect(links.find((l) => l.url === 'https://shop.example/download/42')).toMatchObject({ text: 'Your e-book', where: 'text/plain part, line 1' });
    expect(links.filter((l) => l.unsubscribe).map((l) => l.url)).toEqual(['https://shop.example/one-click/42', 'mailto:unsub@shop.example?subject=42']);
    // The mail module's own list keeps its shape, built from the same extraction.
    expect(mailLinks(mail)).toContainEqual({ href: longUrl.replace('&amp;', '&'), text: 'See your order', part: 'html' });
    expect(mailLinks(mail)).toContainEqual({ href: 'https://shop.example/download/42', text: 'Your e-book', part: 'text' });
    expect(mailLinks({ html: '<a href="/relative">x</a>' })).toEqual([{ href: '/relative', text: 'x', part: 'html' }]);
  });
});

describe('PDF', () => {
  it('reads link annotations and printed URLs, with their page, from a PDF Chromium printed', async () => {
    const resolved = await resolveBrowser();
    const browser = await chromium.launch({ executablePath: resolved.executablePath, args: resolved.args });
    let pdf: Buffer;
    try {
      const page = await browser.newPage();
      await page.setContent(`<h1>The book</h1><p><a href="https://book.example/online-test">Take the online test</a></p>
        <p style="break-before: page">Printed: https://book.example/printed-only</p>`);
      pdf = await page.pdf({ format: 'A5' });
    } finally {
      await browser.close();
    }
    const links = await extractPdfLinks(new Uint8Array(pdf), 'book.pdf');
    expect(links).toContainEqual(expect.objectContaining({ url: 'https://book.example/online-test', where: 'PDF page 1', tag: 'pdf link', parent: 'book.pdf' }));
    expect(links).toContainEqual(expect.objectContaining({ url: 'https://book.example/printed-only', where: 'PDF page 2', text: 'Printed' }));
  });

  it.each([
    ['not a PDF', Buffer.from('hello, not a pdf')],
    ['a truncated PDF', Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\nxref\n0 3\ngarbage')],
    ['random bytes after a header', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 256))])],
  ])('%s ends as a LinkExtractionError within its bound', async (_name, bytes) => {
    const started = Date.now();
    await expect(extractPdfLinks(new Uint8Array(bytes), 'bad.pdf', { timeoutMs: 5_000 })).rejects.toBeInstanceOf(LinkExtractionError);
    expect(Date.now() - started).toBeLessThan(budget(6_000));
  });

  it('a file over the size cap is refused unread', async () => {
    await expect(extractPdfLinks(new Uint8Array(2048), 'big.pdf', { maxBytes: 1024 })).rejects.toThrow(/at most/);
  });
});

describe('unsubscribe-like links', () => {
  it.each([
    ['https://shop.example/unsubscribe?u=1', ''],
    ['https://shop.example/email/opt-out', ''],
    ['https://shop.example/prefs?id=1', 'Manage preferences'],
    ['https://shop.example/x', 'Newsletter abbestellen'],
    ['https://shop.example/abmelden', ''],
    ['https://shop.example/x', 'Se désinscrire'],
    ['https://shop.example/x', 'Darse de baja'],
    ['https://shop.example/x', 'Annulla iscrizione'],
    ['https://shop.example/nieuwsbrief/afmelden', ''],
    ['https://shop.example/x', 'Cancelar inscrição'],
    ['mailto:unsubscribe@shop.example', ''],
  ])('%s “%s” is unsubscribe-like', (url, text) => {
    expect(isUnsubscribeLike(url, text)).toBe(true);
  });

  it.each([
    ['https://shop.example/subscribe', 'Subscribe to our newsletter'],
    ['https://shop.example/account', 'Manage your account'],
    ['https://shop.example/books/baja-california', 'Travel guide'],
  ])('%s “%s” is not', (url, text) => {
    expect(isUnsubscribeLike(url, text)).toBe(false);
  });
});
