import { describe, expect, it } from 'vitest';
import { dkimSignatures, parseTagList } from '../../../src/unsubscribe/dkim-coverage.js';
import { decodeEncodedWords, headerValue, splitHeaderBlock, valuesOf } from '../../../src/unsubscribe/header-lines.js';

describe('raw header lines', () => {
  it('splits a block, keeps folding, stops at the body, skips garbage', () => {
    const lines = splitHeaderBlock('From mbox-line\nSubject: a\r\n\tb\r\nX-Empty:\r\nnot a header\r\n\r\nBody: no\r\n');
    expect(lines).toEqual([
      { key: 'subject', line: 'Subject: a\r\n\tb' },
      { key: 'x-empty', line: 'X-Empty:' },
    ]);
    expect(headerValue(lines[0].line)).toBe('a\tb');
    expect(valuesOf(lines, 'SUBJECT')).toEqual(['a\tb']);
  });

  it('decodes RFC 2047 words: Q, B, adjacent words, Latin-1, unknown charsets left alone', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?R=C3=A9ponse_automatique?=')).toBe('Réponse automatique');
    expect(decodeEncodedWords('=?utf-8?B?QWJ3ZXNlbmhlaXRzbm90aXo=?=')).toBe('Abwesenheitsnotiz');
    expect(decodeEncodedWords('=?utf-8?Q?a?= =?utf-8?Q?b?= c')).toBe('ab c');
    expect(decodeEncodedWords('=?iso-8859-1?Q?Abwesenheitsnotiz_f=FCr?=')).toBe('Abwesenheitsnotiz für');
    expect(decodeEncodedWords('=?koi8-r?B?8PLp9+XU?=')).toBe('=?koi8-r?B?8PLp9+XU?=');
  });
});

describe('DKIM h= lists', () => {
  it('reads tags with folding whitespace and keeps over-signed names', () => {
    expect(parseTagList(' v=1 ; d = example.com; h=From : To\r\n\t: From; b=abc=')).toMatchObject({ v: '1', d: 'example.com', h: 'From : To\r\n\t: From' });
    const sigs = dkimSignatures(splitHeaderBlock('DKIM-Signature: v=1; d=example.com; s=k1;\r\n h=From:To:From:\r\n  List-Unsubscribe; b=x\r\n'));
    expect(sigs).toEqual([{ domain: 'example.com', selector: 'k1', signedHeaders: ['from', 'to', 'from', 'list-unsubscribe'] }]);
  });

  it('a signature without h= signs nothing we can see', () => {
    expect(dkimSignatures(splitHeaderBlock('DKIM-Signature: v=1; d=x.example; b=y\r\n'))[0].signedHeaders).toEqual([]);
  });
});
