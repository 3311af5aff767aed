import { describe, expect, it } from 'vitest';
import { addresses, readHeaderFields } from '../../../src/mail/header-fields.js';
import { MessageScanner } from '../../../src/mail/message-scanner.js';

/** Feeds a message in every possible two-chunk split (and byte by byte): the flags never depend on it. */
function flagsOf(message: Buffer): string[][] {
  const results: string[][] = [];
  const run = (chunks: Buffer[]) => {
    const scanner = new MessageScanner();
    for (const chunk of chunks) scanner.write(chunk);
    scanner.end();
    results.push(scanner.flags);
    return scanner;
  };
  for (let cut = 0; cut <= message.length; cut++) run([message.subarray(0, cut), message.subarray(cut)]);
  run([...message].map((byte) => Buffer.from([byte])));
  return results;
}

const sameEverywhere = (message: Buffer) => {
  const all = flagsOf(message);
  expect(new Set(all.map((f) => f.join(','))).size).toBe(1);
  return all[0];
};

describe('MessageScanner', () => {
  it('finds nothing wrong in a clean multipart message, however it is chunked', () => {
    const clean = Buffer.from('Subject: hi\r\nContent-Type: multipart/alternative; boundary="xyz"\r\n\r\n--xyz\r\nContent-Type: text/plain; charset=utf-8\r\n\r\ncaf\u00e9 \u2713\r\n--xyz--\r\n');
    expect(sameEverywhere(clean)).toEqual([]);
  });

  it('does not mistake a CRLF split between chunks for a bare LF', () => {
    expect(sameEverywhere(Buffer.from('Subject: a\r\n\r\nline\r\nline\r\n'))).toEqual([]);
  });

  it('does not mistake a UTF-8 character split between chunks for invalid UTF-8', () => {
    expect(sameEverywhere(Buffer.from('Subject: a\r\n\r\n\u{1F600}\u00e9\u2713\r\n'))).toEqual([]);
  });

  it('flags a UTF-8 sequence cut off at the very end', () => {
    expect(sameEverywhere(Buffer.concat([Buffer.from('Subject: a\r\n\r\nx'), Buffer.from([0xe2, 0x9c])]))).toEqual(['invalid-utf8']);
  });

  it('counts a line of exactly 998 octets as fine and 999 as long, across chunks', () => {
    expect(sameEverywhere(Buffer.from(`Subject: a\r\n\r\n${'x'.repeat(998)}\r\n`))).toEqual([]);
    expect(sameEverywhere(Buffer.from(`Subject: a\r\n\r\n${'x'.repeat(999)}\r\n`))).toEqual(['long-line']);
  });

  it('finds the closing delimiter of a multipart split across chunks; flags one that never comes', () => {
    const closed = 'Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\n\r\none\r\n--b1--\r\n';
    expect(sameEverywhere(Buffer.from(closed))).toEqual([]);
    expect(sameEverywhere(Buffer.from(closed.replace('--b1--', '--b1')))).toEqual(['malformed-mime']);
  });

  it('keeps the header block, up to and including its blank line', () => {
    const scanner = new MessageScanner();
    scanner.write(Buffer.from('Subject: a\r\nFrom: b@x'));
    scanner.write(Buffer.from('.test\r\n\r\nbody\r\n'));
    scanner.end();
    expect(scanner.headerBlock.toString()).toBe('Subject: a\r\nFrom: b@x.test\r\n\r\n');
  });
});

describe('readHeaderFields', () => {
  it('decodes encoded words and folded lines, and reads every address of To headers', () => {
    const fields = readHeaderFields(
      Buffer.from('From: =?UTF-8?Q?Caf=C3=A9?= <cafe@x.test>\r\nTo: "Doe, J" <j@x.test>, k@x.test (K),\r\n  Team: l@x.test, m@x.test;\r\nTo: n@x.test\r\nSubject: =?UTF-8?B?UmVjZWlwdCDinJM=?=\r\n  again\r\nMessage-ID: <id@x>\r\n\r\n'),
    );
    expect(fields).toEqual({ from: 'Café <cafe@x.test>', to: ['j@x.test', 'k@x.test', 'l@x.test', 'm@x.test', 'n@x.test'], subject: 'Receipt ✓ again', messageId: '<id@x>' });
  });

  it('never throws on garbage', () => {
    expect(readHeaderFields(Buffer.from([0xff, 0x00, 0x3a, 0x0a, 0x0a]))).toMatchObject({ to: [], subject: '' });
    expect(addresses('"unterminated <a@b')).toEqual([]);
    expect(addresses('<a@b')).toEqual([]);
  });
});
