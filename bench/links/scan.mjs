// Reads the corpus once: every HTML page's links (href/src attributes, in document order)
// and anchors (id/name), and every file. The server rewrites pages by link index, so the
// same regular expression is used here and when serving.
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

/** href="…" / src="…" (Sphinx writes double quotes); group 1 = attribute, group 2 = raw value. */
export const LINK_ATTR = /\s(href|src)="([^"]*)"/g;
/** An absolute http(s) URL anywhere in the text. */
export const ABSOLUTE_URL = /\bhttps?:\/\/[^\s"'<>()\\]+/gi;
/** Just the scheme and host part of one, for rewriting (not one inside another URL: web.archive.org/web/…/http://…, ?url=http…). */
export const ABSOLUTE_ORIGIN = /(?<![/=%])\bhttps?:\/\/([^/\s"'<>?#:()\\]+)(:\d+)?/gi;
const ANCHOR_ATTR = /\s(?:id|name)="([^"]*)"/g;

export function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e) => {
    const lower = e.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    return String.fromCodePoint(lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10));
  });
}

/** { pages: Map<path, { links: [{ attr, value }], anchors: Set }>, files: Set<path>, dangling: Set<path> } */
export function scanCorpus(root) {
  const pages = new Map();
  const files = new Set();
  const dangling = new Set();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      const rel = relative(root, full).split('\\').join('/');
      if (entry.isDirectory()) walk(full);
      else if (entry.isSymbolicLink()) {
        try {
          if (statSync(full).isFile()) files.add(rel);
        } catch {
          dangling.add(rel); // e.g. _static/jquery.js -> /usr/share/javascript/... (provided by libjs-jquery)
          files.add(rel);
        }
      } else if (lstatSync(full).isFile()) {
        files.add(rel);
        if (entry.name.endsWith('.html')) pages.set(rel, readPage(full));
      }
    }
  };
  walk(root);
  return { pages, files, dangling };
}

function readPage(file) {
  const html = readFileSync(file, 'utf8');
  const links = [...html.matchAll(LINK_ATTR)].map((m) => ({ attr: m[1], value: decodeEntities(m[2]) }));
  const anchors = new Set([...html.matchAll(ANCHOR_ATTR)].map((m) => decodeEntities(m[1])));
  // Every absolute URL anywhere in the page (attributes with stray spaces, text, code samples):
  // the server sends all of them to loopback stand-ins.
  const absolute = [...html.matchAll(ABSOLUTE_URL)].map((m) => decodeEntities(m[0]));
  const hosts = new Set([...html.matchAll(ABSOLUTE_ORIGIN)].map((m) => m[1].toLowerCase()));
  return { links, anchors, absolute, hosts, bytes: html.length, hasBody: html.includes('<div class="body" role="main">') };
}

/**
 * Where a link of a page points: { type: 'internal', path, query, fragment } for the site
 * itself (path relative to the root, '' for the root), { type: 'external', url } for
 * http(s) elsewhere, { type: 'other', scheme } for mailto:, file:, javascript: …
 */
export function resolveLink(pagePath, raw) {
  const value = raw.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return { type: 'external', url: value };
  if (scheme) return { type: 'other', scheme };
  const url = new URL(value, `http://site.test/${pagePath}`);
  return { type: 'internal', path: decodeURIComponent(url.pathname).replace(/^\//, ''), query: url.search, fragment: url.hash ? decodeURIComponent(url.hash.slice(1)) : undefined };
}

/** The file a site path serves ('' and 'dir/' → index.html), or undefined. */
export function fileFor(files, path) {
  const clean = posix.normalize(path || '.').replace(/^\.\/?/, '');
  if (files.has(clean)) return clean;
  const index = clean === '' || clean === '.' ? 'index.html' : `${clean.replace(/\/$/, '')}/index.html`;
  return files.has(index) ? index : undefined;
}
