import { describe, expect, it } from 'vitest';
import { escapeHtml, html, isEmail, SafeHtml, startSite } from '../../../src/demo/site.js';

describe('html template', () => {
  it('escapes interpolated text, including inside attributes', () => {
    const value = `"><script>alert('x')</script>&`;
    expect(html`<input value="${value}">`.value).toBe(
      '<input value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">',
    );
    expect(escapeHtml('a & b')).toBe('a &amp; b');
  });

  it('passes SafeHtml through and joins arrays', () => {
    const items = ['<a>', 'b'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}</ul>${new SafeHtml('<hr>')}${false}${undefined}${3}`.value).toBe(
      '<ul><li>&lt;a&gt;</li><li>b</li></ul><hr>3',
    );
  });
});

describe('isEmail', () => {
  it('accepts what <input type="email"> accepts', () => {
    expect(isEmail('reader@example.test')).toBe(true);
    expect(isEmail('reader@localhost')).toBe(true);
    expect(isEmail('first.last+tag@sub.example.test')).toBe(true);
  });

  it('rejects anything else, including header-breaking input', () => {
    for (const bad of ['', 'plain', 'a@', '@b', 'a b@c.test', 'a@b.test\r\nBcc: x@y.test', `${'a'.repeat(250)}@b.test`]) {
      expect(isEmail(bad)).toBe(false);
    }
  });
});

describe('a demo site over HTTP', () => {
  it('keeps idle connections open for minutes, not Node’s 5 s, so a reused connection is not reset mid-journey', async () => {
    const site = await startSite({ name: 'probe', variant: 'good', brand: 'Probe', routes: [{ method: 'GET', path: '/', handle: () => ({ status: 200, body: 'ok' }) }] });
    try {
      const res = await fetch(site.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('keep-alive')).toMatch(/timeout=(\d+)/);
      expect(Number(/timeout=(\d+)/.exec(res.headers.get('keep-alive') ?? '')![1])).toBeGreaterThanOrEqual(60);
    } finally {
      await site.close();
    }
  });
});
