import { describe, expect, it } from 'vitest';
import { MASK, Redactor } from '../../../src/core/redact.js';

const SECRET = 'Zq7 Secret/Value:93';
const redactor = new Redactor();
redactor.add(SECRET);

describe('Redactor', () => {
  it.each([
    ['as written', `password ${SECRET}.`],
    ['URL-encoded', `?s=${encodeURIComponent(SECRET)}&x=1`],
    ['URL-encoded in lower case, spaces as +', `?s=${encodeURIComponent(SECRET).toLowerCase().replace(/%20/g, '+')}`.replace('zq7', 'Zq7').replace('secret', 'Secret').replace('value', 'Value')],
    ['base64 at the start', Buffer.from(SECRET).toString('base64')],
    ['base64 after one byte', Buffer.from(`:${SECRET}`).toString('base64')],
    ['base64 after two bytes (Basic auth of "user:…")', `Basic ${Buffer.from(`user:${SECRET}`).toString('base64')}`],
    ['base64url', Buffer.from(`ab${SECRET}`).toString('base64url')],
    ['split by markup', `<p>${SECRET.slice(0, 4)}<span>${SECRET.slice(4, 12)}</span><b>${SECRET.slice(12)}</b></p>`],
    ['HTML-escaped', SECRET.replace('/', '&#x2f;').replace(':', '&#58;')],
  ])('masks it %s', (_how, text) => {
    const out = redactor.redact(text);
    expect(out).toContain(MASK);
    for (const part of [SECRET, 'Secret/Value', encodeURIComponent(SECRET), Buffer.from(SECRET).toString('base64').slice(0, 12)]) expect(out).not.toContain(part);
  });

  it('leaves other text alone, and bytes of images as they are', () => {
    expect(redactor.redact('nothing to hide <b>here</b>')).toBe('nothing to hide <b>here</b>');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, ...Buffer.from(SECRET)]);
    expect(redactor.redactBytes(png, 'image/png')).toBe(png);
    expect(redactor.redactBytes(Buffer.from(`Subject: ${SECRET}`), 'message/rfc822').toString()).toBe(`Subject: ${MASK}`);
  });
});
