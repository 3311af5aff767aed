/** The receipt e-mail the bookshop sends after an order. */
import type { SendMailOptions } from 'nodemailer';
import { BOOK, BRAND, FORMATS, type FormatId } from './bookshop-book.js';
import { html } from './site.js';

export interface Order {
  id: string;
  name: string;
  email: string;
  format: FormatId;
}

export function receiptMessage(order: Order, testUrl: string): SendMailOptions {
  const format = FORMATS[order.format];
  const greeting = order.name ? `Hello ${order.name},` : 'Hello,';
  const text = [
    greeting,
    '',
    `Thank you for buying ${BOOK.title} by ${BOOK.author}.`,
    '',
    `Order number: ${order.id}`,
    `Format: ${format.label}`,
    `Total: ${format.price}`,
    '',
    'Your book comes with an online test.',
    `Take the online test: ${testUrl}`,
    '',
    `— ${BRAND}`,
    '',
  ].join('\n');
  const body = html`<!doctype html>
<html lang="en"><body style="font-family:system-ui,sans-serif;color:#1f2933;line-height:1.5">
<p>${greeting}</p>
<p>Thank you for buying <strong>${BOOK.title}</strong> by ${BOOK.author}.</p>
<table style="border-collapse:collapse">
<tr><th style="text-align:left;padding-right:1em">Order number</th><td>${order.id}</td></tr>
<tr><th style="text-align:left;padding-right:1em">Format</th><td>${format.label}</td></tr>
<tr><th style="text-align:left;padding-right:1em">Total</th><td>${format.price}</td></tr>
</table>
<p>Your book comes with an online test.</p>
<p><a href="${testUrl}">Take the online test</a></p>
<p>— ${BRAND}</p>
</body></html>
`;
  return {
    from: { name: BRAND, address: 'orders@bookshop.test' },
    to: order.email,
    subject: `Your receipt for ${BOOK.title}`,
    text,
    html: body.value,
  };
}
