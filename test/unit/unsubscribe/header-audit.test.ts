import { describe, expect, it } from 'vitest';
import { auditListHeaders, auditListHeadersRaw, type HeaderAudit } from '../../../src/unsubscribe/header-audit.js';
import { splitHeaderBlock } from '../../../src/unsubscribe/header-lines.js';

/** Builds a raw header block from lines; "\n " inside a line is a fold. */
const block = (...lines: string[]) => `${lines.join('\r\n').replace(/\n(?=[ \t])/g, '\r\n').replace(/\r\r/g, '\r')}\r\n\r\n`;

const codes = (a: HeaderAudit) => [...new Set(a.problems.map((p) => p.code))].sort();

interface Shape {
  name: string;
  raw: string;
  allowHttpOnLoopback?: boolean;
  codes: string[];
  http?: string[];
  mailto?: string[];
  oneClick?: string;
  dkim?: boolean;
  listId?: string;
  autoSubmitted?: string;
  check?: (a: HeaderAudit) => void;
}

const shapes: Shape[] = [
  {
    name: 'Mailchimp: mailto + https, one-click, signed, List-Id',
    raw: block(
      'Return-Path: <bounce-mc.us21_123.456-anna=example.org@mail123.atl11.rsgsv.net>',
      'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=mail123.atl11.rsgsv.net;',
      ' s=k2; t=1700000000;',
      '\tbh=abc=; h=From:Reply-To:To:Subject:Date:Message-ID:List-ID:List-Unsubscribe:',
      '\t List-Unsubscribe-Post:Content-Type:MIME-Version:CC:Date:To:Message-ID;',
      '\tb=XYZ',
      'List-Unsubscribe: <https://example.us21.list-manage.com/unsubscribe?u=abc&id=def&t=b&e=123&c=456>,',
      ' <mailto:unsubscribe-mc.us21_abc.456-123@unsubscribe.mailchimpapp.net?subject=unsubscribe>',
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      'List-ID: abc123mc list <abc123.list-id.mcsv.net>',
      'Precedence: bulk',
    ),
    codes: [],
    http: ['https://example.us21.list-manage.com/unsubscribe?u=abc&id=def&t=b&e=123&c=456'],
    mailto: ['unsubscribe-mc.us21_abc.456-123@unsubscribe.mailchimpapp.net'],
    oneClick: 'https://example.us21.list-manage.com/unsubscribe?u=abc&id=def&t=b&e=123&c=456',
    dkim: true,
    listId: 'abc123.list-id.mcsv.net',
  },
  {
    name: 'SendGrid: mailto first, then https, lowercase h= list',
    raw: block(
      'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=news.example.com; h=content-type:from:mime-version:subject:list-unsubscribe:list-unsubscribe-post:x-feedback-id:to; s=s1; bh=x; b=y',
      'List-Unsubscribe: <mailto:unsubscribe@sendgrid.net?subject=Unsubscribe%20me>, <https://u123.ct.sendgrid.net/lu/unsubscribe?oc=abc>',
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    ),
    codes: [],
    mailto: ['unsubscribe@sendgrid.net'],
    oneClick: 'https://u123.ct.sendgrid.net/lu/unsubscribe?oc=abc',
    dkim: true,
    check: (a) => expect(a.uris.mailto[0].subject).toBe('Unsubscribe me'),
  },
  {
    name: 'Amazon SES: two signatures, the SES one covers both, the customer one does not',
    raw: block(
      'DKIM-Signature: v=1; a=rsa-sha256; q=dns/txt; c=relaxed/simple; s=224i4yxa5dv7c2xz3womw6peuasteono; d=amazonses.com; t=1700000000; h=From:To:Subject:MIME-Version:Content-Type:List-Unsubscribe:List-Unsubscribe-Post:Message-ID:Date:Feedback-ID; bh=a; b=b',
      'DKIM-Signature: v=1; a=rsa-sha256; d=shop.example; s=ses; h=From:To:Subject; bh=a; b=c',
      'List-Unsubscribe: <https://unsubscribe.us-east-1.amazonses.com/v1/AQICAHhT%2Fabc=/def>',
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    ),
    codes: [],
    oneClick: 'https://unsubscribe.us-east-1.amazonses.com/v1/AQICAHhT%2Fabc=/def',
    dkim: true,
    check: (a) => expect(a.dkim.map((s) => s.domain)).toEqual(['amazonses.com', 'shop.example']),
  },
  {
    name: 'Klaviyo: one https only, folded inside the brackets',
    raw: block(
      'List-Unsubscribe: <https://manage.kmail-lists.com/subscriptions/unsubscribe?a=AbC12',
      ' 3&c=01H&k=abc&m=01J&r=xyz>',
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    ),
    codes: [],
    oneClick: 'https://manage.kmail-lists.com/subscriptions/unsubscribe?a=AbC123&c=01H&k=abc&m=01J&r=xyz',
    check: (a) => expect(a.notes.join(' ')).toMatch(/whitespace inside/),
  },
  {
    name: 'HubSpot: two List-Unsubscribe headers',
    raw: block(
      'List-Unsubscribe: <mailto:unsubscribe-abc@bounce.hubspotemail.net>',
      'List-Unsubscribe: <https://hs-123.s.hubspotemail.net/hs/manage-preferences/unsubscribe-all?data=W2>',
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    ),
    codes: ['UNSUB_HEADER_INVALID'],
    mailto: ['unsubscribe-abc@bounce.hubspotemail.net'],
    oneClick: 'https://hs-123.s.hubspotemail.net/hs/manage-preferences/unsubscribe-all?data=W2',
    check: (a) => expect(a.problems[0].message).toMatch(/appears 2 times/),
  },
  {
    name: 'Substack: https + mailto, List-Id with a phrase',
    raw: block(
      'List-Id: <writer.substack.com>',
      'List-Unsubscribe: <https://writer.substack.com/action/disable_email?token=eyJ1>, <mailto:reply+abc@substack.com?subject=unsubscribe>',
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    ),
    codes: [],
    listId: 'writer.substack.com',
    oneClick: 'https://writer.substack.com/action/disable_email?token=eyJ1',
  },
  {
    name: 'Gmail-forwarded: original signature covers both, the forwarder one does not',
    raw: block(
      'ARC-Seal: i=1; a=rsa-sha256; t=1700000000; cv=none; d=google.com; s=arc-20160816; b=x',
      'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=gmail.com; s=20230601; h=to:subject:message-id:date:from:mime-version:from:to:cc:subject:date:message-id:reply-to; bh=a; b=b',
      'X-Forwarded-To: me@example.org',
      'X-Forwarded-For: anna@gmail.com me@example.org',
      'DKIM-Signature: v=1; a=rsa-sha256; d=brand.example; s=k1; h=From:To:Subject:List-Unsubscribe:List-Unsubscribe-Post; bh=a; b=c',
      'List-Unsubscribe: <https://brand.example/u/abc>',
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    ),
    codes: [],
    dkim: true,
  },
  {
    name: 'signed, but h= leaves out List-Unsubscribe-Post',
    raw: block(
      'DKIM-Signature: v=1; a=rsa-sha256; d=brand.example; s=k1; h=From:To:Subject:List-Unsubscribe; bh=a; b=c',
      'List-Unsubscribe: <https://brand.example/u/abc>',
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    ),
    codes: ['UNSUB_DKIM_UNCOVERED'],
    dkim: false,
  },
  {
    name: 'signed with h= split over a fold in the middle of a name list, mixed case',
    raw: block(
      'DKIM-Signature: v=1; a=rsa-sha256; d=brand.example; s=k1; h=From:To:LIST-UNSUBSCRIBE',
      '  : list-Unsubscribe-POST :Subject; bh=a; b=c',
      'List-Unsubscribe: <https://brand.example/u/abc>',
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    ),
    codes: [],
    dkim: true,
  },
  {
    name: 'not signed at all: coverage undefined, no finding',
    raw: block('List-Unsubscribe: <https://brand.example/u/abc>', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'),
    codes: [],
    dkim: undefined,
  },
  {
    name: 'no List-Unsubscribe at all',
    raw: block('From: News <news@example.com>', 'Subject: Sale!', 'Precedence: bulk'),
    codes: ['UNSUB_NO_HEADER'],
  },
  {
    name: 'mailto only',
    raw: block('List-Unsubscribe: <mailto:leave@lists.example.org>'),
    codes: ['UNSUB_NO_ONE_CLICK'],
    mailto: ['leave@lists.example.org'],
    check: (a) => expect(a.oneClick.problems.join(' ')).toMatch(/no https: URI/),
  },
  {
    name: 'http only (not loopback)',
    raw: block('List-Unsubscribe: <http://news.example.com/u?id=1>', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'),
    codes: ['UNSUB_NO_ONE_CLICK'],
    http: ['http://news.example.com/u?id=1'],
    check: (a) => expect(a.oneClick.problems[0]).toMatch(/http:, one-click needs https:/),
  },
  {
    name: 'http on loopback, allowed for tests but noted',
    raw: block('List-Unsubscribe: <http://127.0.0.1:4321/one-click?t=abc>', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'),
    allowHttpOnLoopback: true,
    codes: [],
    oneClick: 'http://127.0.0.1:4321/one-click?t=abc',
    check: (a) => expect(a.notes.join(' ')).toMatch(/loopback/),
  },
  {
    name: 'two different https URIs',
    raw: block('List-Unsubscribe: <https://a.example/u/1>, <https://b.example/u/1>', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'),
    codes: ['UNSUB_NO_ONE_CLICK'],
    http: ['https://a.example/u/1', 'https://b.example/u/1'],
    check: (a) => expect(a.oneClick.problems[0]).toMatch(/2 https: URIs/),
  },
  {
    name: 'missing angle brackets',
    raw: block('List-Unsubscribe: https://news.example.com/u?id=1, mailto:unsub@news.example.com', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'),
    codes: ['UNSUB_HEADER_INVALID', 'UNSUB_NO_ONE_CLICK'],
    http: ['https://news.example.com/u?id=1'],
    mailto: ['unsub@news.example.com'],
    check: (a) => expect(a.problems[0].message).toMatch(/not enclosed in angle brackets/),
  },
  {
    name: 'missing List-Unsubscribe-Post',
    raw: block('List-Unsubscribe: <https://news.example.com/u?id=1>'),
    codes: ['UNSUB_NO_ONE_CLICK'],
    check: (a) => {
      expect(a.oneClick.url).toBe('https://news.example.com/u?id=1');
      expect(a.oneClick.problems).toEqual(['List-Unsubscribe-Post is missing']);
    },
  },
  {
    name: 'wrong List-Unsubscribe-Post value',
    raw: block('List-Unsubscribe: <https://news.example.com/u?id=1>', 'List-Unsubscribe-Post: List-Unsubscribe=OneClick'),
    codes: ['UNSUB_NO_ONE_CLICK'],
    check: (a) => expect(a.oneClick.problems[0]).toMatch(/must be exactly "List-Unsubscribe=One-Click"/),
  },
  {
    name: 'lowercase header names',
    raw: block('list-unsubscribe: <https://news.example.com/u?id=1>', 'list-unsubscribe-post: List-Unsubscribe=One-Click', 'list-id: news <news.example.com>'),
    codes: [],
    listId: 'news.example.com',
  },
  {
    name: 'duplicate List-Unsubscribe-Post',
    raw: block(
      'List-Unsubscribe: <https://news.example.com/u?id=1>',
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    ),
    codes: ['UNSUB_NO_ONE_CLICK'],
  },
  {
    name: 'the same https URI in two headers',
    raw: block('List-Unsubscribe: <https://news.example.com/u?id=1>', 'List-Unsubscribe: <https://news.example.com/u?id=1>', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'),
    codes: ['UNSUB_HEADER_INVALID'],
    oneClick: 'https://news.example.com/u?id=1',
  },
  {
    name: 'a space inside the URI (whitespace ignored per RFC 2369)',
    raw: block('List-Unsubscribe: <https://news.example.com/un subscribe?id=1>', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'),
    codes: [],
    oneClick: 'https://news.example.com/unsubscribe?id=1',
  },
  {
    name: 'quotes around the URI inside the brackets',
    raw: block('List-Unsubscribe: <"https://news.example.com/u?id=1">', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'),
    codes: ['UNSUB_HEADER_INVALID', 'UNSUB_NO_ONE_CLICK'],
    http: ['https://news.example.com/u?id=1'],
    check: (a) => {
      expect(a.problems[0].message).toMatch(/not allowed in a URI/);
      expect(a.oneClick.problems.join(' ')).toMatch(/malformed/);
    },
  },
  {
    name: 'quoted URI without brackets',
    raw: block('List-Unsubscribe: "https://news.example.com/u?id=1"'),
    codes: ['UNSUB_HEADER_INVALID', 'UNSUB_NO_ONE_CLICK'],
    http: ['https://news.example.com/u?id=1'],
  },
  {
    name: 'mailto with subject and body (RFC 6068 escapes)',
    raw: block('List-Unsubscribe: <mailto:list-request@example.org?subject=unsubscribe%20weekly&body=Please%20remove%20me%0D%0AThanks>'),
    codes: ['UNSUB_NO_ONE_CLICK'],
    check: (a) => {
      expect(a.uris.mailto[0].subject).toBe('unsubscribe weekly');
      expect(a.uris.mailto[0].body).toBe('Please remove me\r\nThanks');
    },
  },
  {
    name: 'non-ASCII address, raw (needs %-encoding) and encoded',
    raw: block('List-Unsubscribe: <mailto:désabonnement@exemple.fr>, <mailto:d%C3%A9sabonnement@exemple.fr>'),
    codes: ['UNSUB_HEADER_INVALID', 'UNSUB_NO_ONE_CLICK'],
    mailto: ['désabonnement@exemple.fr', 'désabonnement@exemple.fr'],
    check: (a) => {
      expect(a.uris.mailto.every((m) => m.nonAsciiAddress)).toBe(true);
      expect(a.problems.filter((p) => p.code === 'UNSUB_HEADER_INVALID')).toHaveLength(1);
    },
  },
  {
    name: 'RFC 2047 encoded word around the whole value',
    raw: block('List-Unsubscribe: =?utf-8?Q?=3Chttps=3A=2F=2Fnews.example.com=2Fu=3Fid=3D1=3E?=', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'),
    codes: ['UNSUB_HEADER_INVALID'],
    http: ['https://news.example.com/u?id=1'],
    check: (a) => expect(a.problems[0].message).toMatch(/encoded words/),
  },
  {
    name: 'comments and odd whitespace between entries',
    raw: block('List-Unsubscribe:   (Use this one) <mailto:u@example.org> ,\t(or the web) <https://example.org/u/1>  ', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'),
    codes: [],
    mailto: ['u@example.org'],
    oneClick: 'https://example.org/u/1',
  },
  {
    name: 'missing comma between two URIs: the second is ignored',
    raw: block('List-Unsubscribe: <mailto:u@example.org> <https://example.org/u/1>', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'),
    codes: ['UNSUB_HEADER_INVALID', 'UNSUB_NO_ONE_CLICK'],
    http: [],
    mailto: ['u@example.org'],
  },
  {
    name: 'empty header',
    raw: block('List-Unsubscribe: ', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'),
    codes: ['UNSUB_HEADER_INVALID', 'UNSUB_NO_ONE_CLICK'],
  },
  {
    name: 'unclosed bracket',
    raw: block('List-Unsubscribe: <https://example.org/u/1'),
    codes: ['UNSUB_HEADER_INVALID', 'UNSUB_NO_ONE_CLICK'],
  },
  {
    name: 'unknown scheme and a mailto without address',
    raw: block('List-Unsubscribe: <ftp://example.org/unsub>, <mailto:?subject=unsubscribe>'),
    codes: ['UNSUB_HEADER_INVALID', 'UNSUB_NO_ONE_CLICK'],
    http: [],
    mailto: [],
  },
  {
    name: 'plain text instead of a URI',
    raw: block('List-Unsubscribe: Click the link at the bottom of this mail'),
    codes: ['UNSUB_HEADER_INVALID', 'UNSUB_NO_ONE_CLICK'],
  },
  {
    name: 'credentials in the https URI',
    raw: block('List-Unsubscribe: <https://user:secret@example.org/u/1>', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'),
    codes: ['UNSUB_HEADER_INVALID', 'UNSUB_NO_ONE_CLICK'],
  },
  {
    name: 'auto-submitted notification with a List-Id lacking brackets',
    raw: block('Auto-Submitted: auto-generated (notification)', 'List-Id: notifications.example.com', 'List-Unsubscribe: <https://example.org/u/1>', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'),
    codes: [],
    autoSubmitted: 'auto-generated',
    listId: 'notifications.example.com',
    check: (a) => expect(a.notes.join(' ')).toMatch(/lacks the <list-id>/),
  },
  {
    name: 'header name with a space before the colon, value in Latin-1 encoded word',
    raw: block('List-Unsubscribe : <https://example.org/u/1>', 'List-Unsubscribe-Post:List-Unsubscribe=One-Click'),
    codes: [],
    oneClick: 'https://example.org/u/1',
  },
];

describe('auditListHeadersRaw over real-world header shapes', () => {
  it('has at least 25 shapes', () => expect(shapes.length).toBeGreaterThanOrEqual(25));

  it.each(shapes.map((s) => [s.name, s] as const))('%s', (_name, shape) => {
    const audit = auditListHeadersRaw(shape.raw, { allowHttpOnLoopback: shape.allowHttpOnLoopback });
    expect(codes(audit)).toEqual([...shape.codes].sort());
    if (shape.http) expect(audit.uris.http).toEqual(shape.http);
    if (shape.mailto) expect(audit.uris.mailto.map((m) => m.to[0])).toEqual(shape.mailto);
    if (shape.oneClick) {
      expect(audit.oneClick.url).toBe(shape.oneClick);
    }
    expect(audit.oneClick.ready).toBe(!audit.problems.some((p) => p.code === 'UNSUB_NO_ONE_CLICK' || p.code === 'UNSUB_NO_HEADER'));
    if ('dkim' in shape) expect(audit.dkimCoversUnsubscribe).toBe(shape.dkim);
    if (shape.listId) expect(audit.listId).toBe(shape.listId);
    if (shape.autoSubmitted) expect(audit.autoSubmitted).toBe(shape.autoSubmitted);
    for (const p of audit.problems) {
      expect(p.message.length).toBeGreaterThan(10);
      expect(p.rule).toMatch(/^RFC/);
    }
    shape.check?.(audit);
  });
});

describe('auditListHeaders over the sink’s header lines', () => {
  it('gives the same answer for mailparser-style lines as for the raw block', () => {
    const raw = shapes[0].raw;
    const lines = splitHeaderBlock(raw).map((h) => ({ key: h.key, line: h.line }));
    expect(auditListHeaders(lines)).toEqual(auditListHeadersRaw(raw));
  });

  it('stops at the end of the header block when given a whole message', () => {
    const audit = auditListHeadersRaw('Subject: hi\r\n\r\nList-Unsubscribe: <https://body.example/u>\r\n');
    expect(audit.problems.map((p) => p.code)).toEqual(['UNSUB_NO_HEADER']);
  });

  it('never throws on garbage', () => {
    for (const raw of ['', ':::', '\0\0\0', 'List-Unsubscribe: <<<>>>,,,<', `List-Unsubscribe: ${'<'.repeat(10_000)}`, 'List-Unsubscribe: <mailto:%E0%A4%A>']) {
      expect(() => auditListHeadersRaw(raw)).not.toThrow();
    }
  });
});
