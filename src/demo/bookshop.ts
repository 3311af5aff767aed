/**
 * Demo bookshop: browse to The Promise Keeper, buy it, get a receipt by mail
 * whose link leads to the book's online test.
 *
 * Variants: `dead-test-link` mails a link to a test page that does not exist;
 * `soft-404-test-link` mails a link to a "not found" page served with 200 OK;
 * `dead-pdf-link` sells an e-book whose printed test address is on a dead host.
 */
import { BOOK, BRAND, FORMATS, isFormatId, type FormatId } from './bookshop-book.js';
import { EBOOK_FILE, ebookPdf } from './bookshop-ebook.js';
import { QUIZ_PATH, quizRoutes } from './bookshop-quiz.js';
import { receiptMessage, type Order } from './bookshop-receipt.js';
import {
  createMailer,
  errorList,
  html,
  htmlReply,
  HttpError,
  isEmail,
  layout,
  randomToken,
  readForm,
  redirect,
  startSite,
  type DemoSite,
  type Route,
} from './site.js';
import type { HostPort } from '../core/host-port.js';

export type BookshopVariant = 'good' | 'dead-test-link' | 'soft-404-test-link' | 'dead-pdf-link';

const BOOK_PATH = `/books/${BOOK.slug}`;
const CHECKOUT_PATH = '/checkout';
const MAX_NAME_LENGTH = 200;

const MOVED_TEST_PATH = `/tests/${BOOK.slug}-online`;

/** Where the receipt's "Take the online test" link points. */
function testPath(variant: BookshopVariant): string {
  if (variant === 'dead-test-link') return `/tests/${BOOK.slug}-2nd-ed`;
  if (variant === 'soft-404-test-link') return MOVED_TEST_PATH;
  return QUIZ_PATH;
}

/** The test address printed in the e-book. */
function printedTestUrl(variant: BookshopVariant, origin: string): string {
  return variant === 'dead-pdf-link' ? `http://tests.${BOOK.slug}.invalid/online-test` : origin + testPath(variant);
}

/** What a moved page looks like on a careless site: "not found", but served as 200 OK. */
function softNotFoundPage(): string {
  return layout({
    brand: BRAND,
    title: 'Page not found',
    body: html`<h1>Sorry, we couldn’t find that page</h1>
<p>It may have moved. <a href="/">Back to the shop</a></p>`,
  });
}

function homePage(): string {
  return layout({
    brand: BRAND,
    title: 'Home',
    body: html`<h1>Bookshop</h1>
<p>A small shop with one very good book.</p>
<ul><li><a href="${BOOK_PATH}">${BOOK.title}</a> by ${BOOK.author}</li></ul>`,
  });
}

function bookPage(): string {
  return layout({
    brand: BRAND,
    title: BOOK.title,
    body: html`<h1>${BOOK.title}</h1>
<p class="note">by ${BOOK.author}</p>
<p>${BOOK.blurb}</p>
<p>Paperback ${FORMATS.paperback.price} · E-book ${FORMATS.ebook.price}</p>
<p><a href="${CHECKOUT_PATH}?book=${BOOK.slug}">Buy now</a></p>`,
  });
}

interface CheckoutInput {
  name: string;
  email: string;
  format: FormatId;
  terms: boolean;
}

const EMPTY_CHECKOUT: CheckoutInput = { name: '', email: '', format: 'paperback', terms: false };

function checkoutPage(input: CheckoutInput, errors: readonly string[]): string {
  const formatOptions = (Object.keys(FORMATS) as FormatId[]).map(
    (id) => html`<option value="${id}"${id === input.format ? html` selected` : ''}>${FORMATS[id].label}</option>`,
  );
  return layout({
    brand: BRAND,
    title: 'Checkout',
    body: html`<h1>Checkout</h1>
<p>You are buying <strong>${BOOK.title}</strong>.</p>
${errorList(errors)}
<form method="post" action="${CHECKOUT_PATH}" novalidate>
<input type="hidden" name="book" value="${BOOK.slug}">
<label for="name">Full name</label>
<input type="text" id="name" name="name" autocomplete="name" value="${input.name}">
<label for="email">Email</label>
<input type="email" id="email" name="email" autocomplete="email" value="${input.email}">
<label for="format">Format</label>
<select id="format" name="format">${formatOptions}</select>
<div class="check"><input type="checkbox" id="terms" name="terms" value="accepted"${input.terms ? html` checked` : ''}><label for="terms">I accept the terms</label></div>
<button type="submit">Place order</button>
</form>`,
  });
}

function orderPage(order: Order): string {
  return layout({
    brand: BRAND,
    title: 'Thank you for your order',
    body: html`<h1>Thank you for your order</h1>
<p>Your order number is ${order.id}.</p>
<p>We sent a receipt to ${order.email}</p>
${order.format === 'ebook' ? html`<p><a href="/orders/${order.id}/${EBOOK_FILE}" download>Download your e-book</a></p>` : ''}
<p><a href="/">Back to the shop</a></p>`,
  });
}

function parseCheckout(form: URLSearchParams): { input: CheckoutInput; errors: string[] } {
  const format = form.get('format') ?? '';
  const input: CheckoutInput = {
    name: (form.get('name') ?? '').trim(),
    email: (form.get('email') ?? '').trim(),
    format: isFormatId(format) ? format : 'paperback',
    terms: form.get('terms') !== null,
  };
  const errors: string[] = [];
  if (input.name.length > MAX_NAME_LENGTH) errors.push(`Please keep your name under ${MAX_NAME_LENGTH} characters.`);
  if (!isEmail(input.email)) errors.push('Please enter a valid email address.');
  if (!isFormatId(format)) errors.push('Please choose a format.');
  if (!input.terms) errors.push('Please accept the terms to place your order.');
  return { input, errors };
}

function requireBook(slug: string | null): void {
  if (slug !== BOOK.slug) throw new HttpError(404, 'Page not found');
}

export async function startBookshop(opts: {
  variant: BookshopVariant;
  smtp: HostPort;
  port?: number;
}): Promise<DemoSite> {
  const mailer = createMailer(opts.smtp);
  const orders = new Map<string, Order>();

  const newOrderId = (): string => {
    let id: string;
    do id = `BK-${randomToken(4).toUpperCase()}`;
    while (orders.has(id));
    return id;
  };

  const routes: Route[] = [
    { method: 'GET', path: '/', handle: () => htmlReply(200, homePage()) },
    { method: 'GET', path: BOOK_PATH, handle: () => htmlReply(200, bookPage()) },
    {
      method: 'GET',
      path: CHECKOUT_PATH,
      handle: ({ url }) => {
        requireBook(url.searchParams.get('book'));
        return htmlReply(200, checkoutPage(EMPTY_CHECKOUT, []));
      },
    },
    {
      method: 'POST',
      path: CHECKOUT_PATH,
      handle: async ({ raw, origin }) => {
        const form = await readForm(raw);
        requireBook(form.get('book'));
        const { input, errors } = parseCheckout(form);
        if (errors.length > 0) return htmlReply(400, checkoutPage(input, errors));

        const order: Order = { id: newOrderId(), name: input.name, email: input.email, format: input.format };
        await mailer.send(receiptMessage(order, origin + testPath(opts.variant)));
        orders.set(order.id, order);
        return redirect(`/orders/${order.id}`);
      },
    },
    {
      method: 'GET',
      path: /\/orders\/([A-Z0-9-]+)/,
      handle: ({ params }) => {
        const order = orders.get(params[0]);
        if (!order) throw new HttpError(404, 'Page not found');
        return htmlReply(200, orderPage(order));
      },
    },
    {
      method: 'GET',
      path: new RegExp(`/orders/([A-Z0-9-]+)/${EBOOK_FILE.replace('.', '\\.')}`),
      handle: ({ params, origin }) => {
        const order = orders.get(params[0]);
        if (!order || order.format !== 'ebook') throw new HttpError(404, 'Page not found');
        return {
          status: 200,
          headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${EBOOK_FILE}"` },
          body: ebookPdf(printedTestUrl(opts.variant, origin)),
        };
      },
    },
    ...(opts.variant === 'soft-404-test-link' ? [{ method: 'GET' as const, path: MOVED_TEST_PATH, handle: () => htmlReply(200, softNotFoundPage()) }] : []),
    ...quizRoutes,
  ];

  return startSite({
    name: 'bookshop',
    variant: opts.variant,
    brand: BRAND,
    port: opts.port,
    routes,
    onClose: () => mailer.close(),
  });
}
