import { describe, expect, it } from 'vitest';
import { htmlPageReader, parseHtml } from '../../../src/links/extract-html.js';
import { ownCopy } from '../../../src/links/own-copy.js';

const PAGE = `<!doctype html>
<html><head><title>Tom &amp; Jerry – Caf\u00e9 guide</title></head>
<body><nav><a href="/">Home</a></nav>
<main><h1 id="top-of-the-page">Caf\u00e9s &amp; bars</h1>
<p>Where to go: <a href="/bars?x=1&amp;y=2#late-night-opening">late &amp; night</a>,
<a name="an-old-style-anchor-name"></a><img src="/map.png" alt="A map of the town centre">
<a href="https://example.org/caf%C3%A9">caf\u00e9 \u00e0 la carte</a></p></main></body></html>`;

describe('a page read piece by piece', () => {
  it('gives what the whole page gives, whatever the cuts (inside tags, entities and multi-line text)', () => {
    const whole = parseHtml(PAGE, { baseUrl: 'https://site.test/guide/' });
    for (const size of [1, 3, 7, 64]) {
      const reader = htmlPageReader({ baseUrl: 'https://site.test/guide/' });
      for (let i = 0; i < PAGE.length; i += size) reader.write(PAGE.slice(i, i + size));
      const pieces = reader.end();
      expect(pieces.links).toEqual(whole.links);
      expect([...pieces.anchors]).toEqual([...whole.anchors]);
      expect({ title: pieces.title, headings: pieces.headings, text: pieces.text }).toEqual({ title: whole.title, headings: whole.headings, text: whole.text });
    }
    expect(whole.links.map((l) => [l.url, l.where, l.text])).toEqual([
      ['https://site.test/', 'line 3', 'Home'],
      ['https://site.test/bars?x=1&y=2#late-night-opening', 'line 5', 'late & night'],
      ['https://site.test/map.png', 'line 6', 'A map of the town centre'],
      ['https://example.org/caf%C3%A9', 'line 7', 'café à la carte'],
    ]);
    expect([...whole.anchors]).toEqual(['top-of-the-page', 'an-old-style-anchor-name']);
    expect(whole.title).toBe('Tom & Jerry – Café guide');
  });

  it('own copies of strings are equal to the originals', () => {
    for (const text of ['', 'short', 'a-long-identifier-from-a-page', 'caf\u00e9 \u00e0 la carte – \u{1F600} emoji', PAGE.slice(40, 90)]) expect(ownCopy(text)).toBe(text);
  });
});
