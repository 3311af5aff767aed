import { Parser } from 'htmlparser2';
import { clipText, lineCounter, resolveUrl, type FoundLink } from './found-link.js';
import { ownCopy } from './own-copy.js';

/** What one pass over an HTML document yields: its links, anchors and the words a reader sees first. */
export interface HtmlPage {
  links: FoundLink[];
  /** Ids and `<a name>` values, for `#fragment` checks. */
  anchors: Set<string>;
  title: string;
  /** Text of h1 and h2 elements, in order (at most a few). */
  headings: string[];
  /** Visible text of `<main>` (or of the body without nav, header, footer), clipped. */
  text: string;
  /** Length of that text before clipping. */
  textLength: number;
}

export interface HtmlOptions {
  /** The document's URL: relative links resolve against it (or its `<base href>`). */
  baseUrl: string;
  /** Recorded as each link's parent; defaults to baseUrl. */
  parent?: string;
  /** Collect links (false: anchors, title and text only). */
  links?: boolean;
}

const MAX_TEXT = 20_000;
const MAX_HEADINGS = 8;
/** Elements whose text a reader never sees. */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg']);
/** Page furniture left out of the main text when there is no `<main>`. */
const FURNITURE = new Set(['nav', 'header', 'footer', 'aside']);
/** `<link rel>` values that name an origin to warm up, not a document. */
const ORIGIN_HINTS = /\b(preconnect|dns-prefetch)\b/i;

/** Links of an HTML document: a, area, link, img (+srcset), source, script, iframe, meta refresh, form action (info). */
export function extractHtmlLinks(html: string, opts: { baseUrl: string; parent?: string }): FoundLink[] {
  return parseHtml(html, opts).links;
}

/** Ids and `<a name>` values of a document. */
export function fragmentTargets(html: string): Set<string> {
  return parseHtml(html, { baseUrl: '', links: false }).anchors;
}

/** One streaming pass (htmlparser2) collecting links, anchors, title, headings and main text. */
export function parseHtml(html: string, opts: HtmlOptions): HtmlPage {
  const reader = htmlPageReader(opts);
  reader.write(html);
  return reader.end();
}

/** Reads a document piece by piece as it arrives, so that no page is ever held whole in memory. */
export interface HtmlPageReader {
  write(text: string): void;
  end(): HtmlPage;
}

export function htmlPageReader(opts: HtmlOptions): HtmlPageReader {
  const parent = opts.parent ?? opts.baseUrl;
  const wantLinks = opts.links !== false;
  const lines = lineCounter();
  const lineOf = wantLinks ? lines.lineOf : () => 0;
  let base = opts.baseUrl;
  let baseSeen = false;

  const links: FoundLink[] = [];
  const anchors = new Set<string>();
  const headings: string[] = [];
  let title = '';
  let titleDone = false;
  let inTitle = false;
  let hidden = 0;
  let furniture = 0;
  let mainDepth = 0;
  let sawMain = false;
  let heading: string[] | undefined;
  let bodyText = '';
  let bodyLength = 0;
  let mainText = '';
  let mainLength = 0;
  let anchor: { href: string; text: string[]; line: number; tag: string } | undefined;

  const add = (href: string | undefined, tag: string, text: string, line: number, extra: Partial<FoundLink> = {}) => {
    if (href === undefined) return;
    const raw = href.trim();
    if (raw === '' || raw === '#' || /^(javascript|data|blob|about):/i.test(raw)) return;
    links.push({ url: resolveUrl(raw, base), text: ownCopy(clipText(text)), parent, where: `line ${line}`, tag, ...extra });
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (attrs.id) anchors.add(ownCopy(attrs.id));
        if (HIDDEN.has(name)) hidden++;
        if (FURNITURE.has(name)) furniture++;
        if (name === 'main' || attrs.role === 'main') {
          mainDepth++;
          sawMain = true;
        }
        if (name === 'title' && !titleDone && hidden <= 1) inTitle = true;
        // Words of elements inside a heading are kept apart; text cut where a piece of the page ended is not.
        if (heading) heading.push(' ');
        if ((name === 'h1' || name === 'h2') && headings.length < MAX_HEADINGS) heading = [];
        if (name === 'a' && attrs.name) anchors.add(ownCopy(attrs.name));
        if (!wantLinks) return;
        const line = lineOf(parser.startIndex);
        switch (name) {
          case 'base':
            if (!baseSeen && attrs.href) {
              baseSeen = true;
              // Browsers ignore a base they cannot resolve against (javascript:, data:).
              const resolved = resolveUrl(attrs.href, opts.baseUrl);
              if (/^(https?|file):/i.test(resolved) && URL.canParse(resolved)) base = resolved;
            }
            break;
          case 'a':
            // An anchor left open by a new one (invalid, but seen) ends there.
            if (anchor) add(anchor.href, anchor.tag, anchor.text.join(''), anchor.line);
            anchor = attrs.href !== undefined ? { href: attrs.href, text: [], line, tag: 'a' } : undefined;
            break;
          case 'area':
            add(attrs.href, 'area', attrs.alt ?? attrs.title ?? '', line);
            break;
          case 'link':
            if (!ORIGIN_HINTS.test(attrs.rel ?? '')) add(attrs.href, 'link', attrs.rel ?? '', line);
            break;
          case 'img':
          case 'source':
            add(attrs.src, name, attrs.alt ?? '', line);
            if (attrs.srcset) for (const url of srcsetUrls(attrs.srcset)) add(url, name, attrs.alt ?? '', line, { where: `line ${line} (srcset)` });
            if (anchor && attrs.alt) anchor.text.push(` ${attrs.alt} `);
            break;
          case 'script':
          case 'iframe':
          case 'frame':
          case 'embed':
          case 'video':
          case 'audio':
          case 'track':
            add(attrs.src, name, attrs.title ?? '', line);
            if (name === 'video' && attrs.poster) add(attrs.poster, name, '', line);
            break;
          case 'meta':
            if (attrs['http-equiv']?.toLowerCase() === 'refresh' && attrs.content) {
              const target = /url\s*=\s*['"]?([^'"]+)/i.exec(attrs.content)?.[1];
              add(target, 'meta refresh', '', line);
            }
            break;
          case 'form':
            add(attrs.action, 'form', attrs.name ?? attrs.id ?? '', line, { info: true });
            break;
        }
      },
      ontext(data) {
        if (inTitle) title += data;
        if (hidden > 0) return;
        if (heading) heading.push(data);
        if (anchor) anchor.text.push(data);
        if (mainDepth > 0) {
          mainLength += data.length;
          if (mainText.length < MAX_TEXT) mainText += data;
        }
        if (furniture === 0) {
          bodyLength += data.length;
          if (bodyText.length < MAX_TEXT) bodyText += data;
        }
      },
      onclosetag(name) {
        if (HIDDEN.has(name)) hidden = Math.max(0, hidden - 1);
        if (FURNITURE.has(name)) furniture = Math.max(0, furniture - 1);
        if (name === 'main' && mainDepth > 0) mainDepth--;
        if (name === 'title' && inTitle) {
          inTitle = false;
          titleDone = true;
        }
        if (heading) heading.push(' ');
        if ((name === 'h1' || name === 'h2') && heading) {
          const text = clipText(heading.join(''));
          if (text) headings.push(text);
          heading = undefined;
        }
        if ((name === 'a' || name === 'body' || name === 'html') && anchor) {
          add(anchor.href, anchor.tag, anchor.text.join(''), anchor.line);
          anchor = undefined;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  return {
    write(text) {
      if (wantLinks) lines.write(text);
      parser.write(text);
    },
    end() {
      parser.end();
      if (anchor) add(anchor.href, anchor.tag, anchor.text.join(''), anchor.line);
      const chosen = sawMain && mainText.trim() ? mainText : bodyText;
      const text = chosen.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
      // Kept after the page source is dropped: copies of their own (see ownCopy).
      return { links, anchors, title: ownCopy(clipText(title)), headings: headings.map(ownCopy), text: ownCopy(text), textLength: sawMain && mainText.trim() ? mainLength : bodyLength };
    },
  };
}

/** URLs of a srcset attribute (`a.jpg 1x, b.jpg 2x`; URLs may themselves hold commas). */
export function srcsetUrls(srcset: string): string[] {
  const urls: string[] = [];
  let i = 0;
  while (i < srcset.length) {
    while (i < srcset.length && /[\s,]/.test(srcset[i])) i++;
    let end = i;
    while (end < srcset.length && !/\s/.test(srcset[end])) end++;
    let url = srcset.slice(i, end);
    const endsCandidate = url.endsWith(',');
    url = url.replace(/,+$/, '');
    if (url) urls.push(url);
    i = end;
    if (!endsCandidate) {
      // Skip the descriptor up to the next comma outside parentheses.
      let depth = 0;
      while (i < srcset.length && !(srcset[i] === ',' && depth === 0)) {
        if (srcset[i] === '(') depth++;
        else if (srcset[i] === ')') depth = Math.max(0, depth - 1);
        i++;
      }
    }
  }
  return urls;
}
