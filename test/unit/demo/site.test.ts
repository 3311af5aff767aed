import { describe, expect, it } from 'vitest';
import { escapeHtml, html, isEmail, SafeHtml } from '../../../src/demo/site.js';

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
