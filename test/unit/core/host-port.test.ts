import { describe, expect, it } from 'vitest';
import { formatHostPort, parseHostPort, readHostPort } from '../../../src/core/host-port.js';

describe('readHostPort', () => {
  it.each([
    ['smtp.example.test:25', 'smtp.example.test', 25],
    ['127.0.0.1:2525', '127.0.0.1', 2525],
    ['localhost:65535', 'localhost', 65535],
    ['  mail.example.com:587\n', 'mail.example.com', 587],
    ['[::1]:25', '::1', 25],
    ['[2001:db8::1]:1025', '2001:db8::1', 1025],
    ['[127.0.0.1]:25', '127.0.0.1', 25],
  ])('reads %j', (text, host, port) => {
    expect(readHostPort(text)).toEqual({ ok: true, value: { host, port } });
    expect(parseHostPort(text)).toEqual({ host, port });
  });

  it.each([
    ['smtp.example.test', 'no port: expected host:port, as in smtp.example.test:25'],
    ['smtp.example.test:', 'no port after the colon'],
    [':25', 'no host before the port'],
    ['smtp.example.test:0', 'port 0 is out of range (1–65535)'],
    ['smtp.example.test:65536', 'port 65536 is out of range (1–65535)'],
    ['smtp.example.test:99999999', 'port 99999999 is out of range (1–65535)'],
    ['smtp.example.test:smtp', 'port "smtp" is not a number'],
    ['smtp.example.test:-25', 'port "-25" is not a number'],
    ['smtp.example.test:2.5', 'port "2.5" is not a number'],
    ['::1:25', 'an IPv6 address goes in brackets before the port, as in [::1]:25'],
    ['[::1]', 'no port after the address, as in [::1]:25'],
    ['[::1:25', 'the [ before the IPv6 address is never closed, as in [::1]:25'],
    ['[::1]25', '"25" after the ] is not :port'],
    ['[]:25', 'no host before the port'],
    ['smtp example:25', '"smtp example" is not a host name or IP address'],
    ['user@smtp.example.test:25', '"user@smtp.example.test" is not a host name or IP address'],
    ['smtp://smtp.example.test:25', 'write host:port without "smtp://"'],
  ])('says what is wrong with %j', (text, problem) => {
    expect(readHostPort(text)).toEqual({ ok: false, problem });
    expect(parseHostPort(text)).toBeUndefined();
  });
});

describe('formatHostPort', () => {
  it('writes an IPv6 address in brackets, so it reads back the same', () => {
    for (const endpoint of [
      { host: '::1', port: 25 },
      { host: 'smtp.example.test', port: 587 },
      { host: '127.0.0.1', port: 2525 },
    ]) {
      expect(parseHostPort(formatHostPort(endpoint))).toEqual(endpoint);
    }
    expect(formatHostPort({ host: '::1', port: 25 })).toBe('[::1]:25');
  });
});
