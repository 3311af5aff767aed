import { describe, expect, it } from 'vitest';
import { interpolate, MissingValueError, type InterpolationScope } from '../../../src/journey/interpolate.js';

const scope = (overrides: Partial<InterpolationScope> = {}): InterpolationScope => ({
  env: { NEWSLETTER_URL: 'http://localhost:4000', EMPTY: '' },
  secrets: { PASSWORD: 's3cret' },
  mailbox: { reader: 'reader-1@journey-audit.test' },
  captures: (name, field) => (name === 'order' && !field ? 'A-123' : name === 'mail' && field === 'subject' ? 'Confirm' : undefined),
  sink: { host: '127.0.0.1', port: '2525', url: 'http://127.0.0.1:9000' },
  run: { id: 'run-42' },
  ...overrides,
});

describe('interpolate', () => {
  it('replaces every namespace', () => {
    expect(interpolate('${{ env.NEWSLETTER_URL }}/x', scope())).toBe('http://localhost:4000/x');
    expect(interpolate('${{ secrets.PASSWORD }}', scope())).toBe('s3cret');
    expect(interpolate('${{ mailbox.reader.address }}', scope())).toBe('reader-1@journey-audit.test');
    expect(interpolate('Order ${{ captures.order }}', scope())).toBe('Order A-123');
    expect(interpolate('${{ captures.mail.subject }}', scope())).toBe('Confirm');
    expect(interpolate('${{ sink.host }}:${{ sink.port }} ${{ sink.url }}', scope())).toBe('127.0.0.1:2525 http://127.0.0.1:9000');
    expect(interpolate('${{ run.id }}', scope())).toBe('run-42');
  });

  it('allows any spacing inside the braces', () => {
    expect(interpolate('${{env.NEWSLETTER_URL}}', scope())).toBe('http://localhost:4000');
    expect(interpolate('${{   run.id   }}', scope())).toBe('run-42');
  });

  it('replaces an empty value with an empty string', () => {
    expect(interpolate('[${{ env.EMPTY }}]', scope())).toBe('[]');
  });

  it('walks lists and mappings, and leaves other values alone', () => {
    const args = { url: '${{ env.NEWSLETTER_URL }}', n: 3, ok: true, none: null, list: ['${{ run.id }}', 1], nested: { to: '${{ mailbox.reader.address }}' } };
    expect(interpolate(args, scope())).toEqual({
      url: 'http://localhost:4000',
      n: 3,
      ok: true,
      none: null,
      list: ['run-42', 1],
      nested: { to: 'reader-1@journey-audit.test' },
    });
  });

  it('does not change its input', () => {
    const args = { url: '${{ run.id }}' };
    interpolate(args, scope());
    expect(args).toEqual({ url: '${{ run.id }}' });
  });

  it('leaves text without expressions as it is, including a lone ${{', () => {
    expect(interpolate('no expressions here', scope())).toBe('no expressions here');
    expect(interpolate('$ {{ x }}', scope())).toBe('$ {{ x }}');
  });

  it('does not read a value that itself looks like an expression', () => {
    expect(interpolate('${{ env.A }}', scope({ env: { A: '${{ secrets.PASSWORD }}' } }))).toBe('${{ secrets.PASSWORD }}');
  });

  it('fails on a missing env or secret, saying how to set it', () => {
    expect(() => interpolate('${{ env.MISSING }}', scope())).toThrow(MissingValueError);
    expect(() => interpolate('${{ env.MISSING }}', scope())).toThrow('${{ env.MISSING }} has no value (set the environment variable MISSING, or pass --env-file)');
    expect(() => interpolate('${{ secrets.TOKEN }}', scope())).toThrow('${{ secrets.TOKEN }} has no value (set the environment variable TOKEN, or pass --env-file)');
  });

  it('fails on other missing values without the environment hint', () => {
    expect(() => interpolate('${{ captures.nothing }}', scope())).toThrow(/^\$\{\{ captures\.nothing \}\} has no value$/);
    expect(() => interpolate('${{ mailbox.friend.address }}', scope())).toThrow('${{ mailbox.friend.address }} has no value');
    expect(() => interpolate('${{ sink.host }}', scope({ sink: undefined }))).toThrow('${{ sink.host }} has no value');
    expect(() => interpolate('${{ run.other }}', scope())).toThrow('${{ run.other }} has no value');
  });

  it('reads only own values, not the object prototype', () => {
    expect(() => interpolate('${{ env.constructor }}', scope())).toThrow(MissingValueError);
    expect(() => interpolate('${{ secrets.toString }}', scope())).toThrow(MissingValueError);
    expect(() => interpolate('${{ mailbox.hasOwnProperty.address }}', scope())).toThrow(MissingValueError);
  });
});
