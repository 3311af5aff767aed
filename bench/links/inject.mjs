// Plans the breakage, deterministically from a seed: which pages disappear, which links are
// rewritten (by page and link index), which links are added to which pages, and the answer
// key that says what a checker should report for each. The corpus on disk is never touched:
// the server applies the plan while serving.
import { posix } from 'node:path';
import { fileFor, resolveLink } from './scan.mjs';

/** Every kind, what a correct checker reports for it, and whether it is a trap. */
export const KINDS = {
  'deleted-page': { expect: 'broken', label: 'deleted page (404)' },
  'typo-link': { expect: 'broken', label: 'typo in a link (404)' },
  'missing-image': { expect: 'broken', label: 'missing image (404)' },
  'fragment-same-page': { expect: 'broken', label: 'missing #fragment, same page' },
  'fragment-cross-page': { expect: 'broken', label: 'missing #fragment, other page' },
  'soft-404-page': { expect: 'broken', label: 'soft 404: 200 "not found" page (en, de, fr, es)' },
  'soft-404-home': { expect: 'broken', label: 'soft 404: deep URL redirects home (/ or /index.html)' },
  'redirect-loop': { expect: 'broken', label: 'redirect loop' },
  'chain-to-404': { expect: 'broken', label: '3-hop chain ending in 404' },
  'server-error': { expect: 'broken', label: '500' },
  'timeout-30s': { expect: 'broken', label: 'answers after 30 s (timeout)' },
  'invalid-host': { expect: 'broken', label: 'host under .invalid (DNS)' },
  'trap-chain-3': { expect: 'ok', trap: true, label: 'trap: 3-hop chain to a 200' },
  'trap-slow-1.5s': { expect: 'ok', trap: true, label: 'trap: 200 after 1.5 s' },
  'trap-429': { expect: 'ok', trap: true, label: 'trap: 429 Retry-After: 2, then 200' },
  'trap-bot-wall': { expect: 'blocked', trap: true, label: 'trap: bot wall (403 challenge page; odd n with cf-mitigated)' },
};

/** A small seeded PRNG (mulberry32). */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (list) => list[int(list.length)];
  const shuffle = (list) => {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  };
  return { next, int, pick, shuffle };
}

const BODY_MARK = '<div class="body" role="main">';
/** Where the soft-404 pages live, one language each (the server answers 200 with a "not found" page in it). */
export const SOFT_404_PREFIXES = ['/archive/', '/de/archiv/', '/fr/archives/', '/es/archivo/'];
const HUBS = /^(index|contents|genindex.*|py-modindex|search|glossary|copyright|license|about|bugs|download)\.html$/;

/**
 * plan = { deleted: Set<path>, rewrites: Map<page, Map<linkIndex, newValue>>,
 *          inserts: Map<page, string[]>, movedTargets: Map<n, path>, key: [entry] }
 * key entry = { id, kind, expect, trap, url (root-relative, with #fragment), match: 'exact'|'path', parent (page path), text }
 */
export function planBreakage(scan, { seed, perKind }) {
  const rnd = prng(seed);
  const { pages, files } = scan;
  const paths = [...pages.keys()];
  const inbound = inboundPages(scan);
  const deleted = new Set();
  const rewrites = new Map();
  const inserts = new Map();
  const movedTargets = new Map();
  const key = [];
  const usedHosts = new Set(); // one injected or rewritten link per page, so a finding is easy to trace
  const add = (kind, entry) => key.push({ id: `${kind}-${key.filter((e) => e.kind === kind).length + 1}`, kind, expect: KINDS[kind].expect, trap: !!KINDS[kind].trap, match: 'exact', ...entry });
  const rewrite = (page, index, value) => {
    if (!rewrites.has(page)) rewrites.set(page, new Map());
    rewrites.get(page).set(index, value);
    usedHosts.add(page);
  };

  // 1. Deleted pages: ordinary leaf-ish pages that other pages link to.
  for (const page of rnd.shuffle(paths.filter((p) => !HUBS.test(posix.basename(p)) && !p.endsWith('/index.html') && (inbound.get(p)?.size ?? 0) >= 2)).slice(0, perKind)) {
    deleted.add(page);
    add('deleted-page', { url: `/${page}`, match: 'path', parent: [...inbound.get(page)][0], text: '(every link to the page)' });
  }
  let reachable = reachablePages(scan, deleted);
  const hostPages = () => rnd.shuffle([...reachable].filter((p) => !usedHosts.has(p) && !HUBS.test(posix.basename(p)) && pages.get(p).bytes < 400_000));

  // 2. Rewritten links on reachable pages.
  const linksOf = (page, test) =>
    pages.get(page).links.map((link, index) => ({ ...link, index, to: resolveLink(page, link.value) })).filter((l) => l.attr === 'href' && test(l, page));
  const pickLink = (test) => {
    for (const page of hostPages()) {
      const candidates = linksOf(page, test);
      if (candidates.length) return { page, link: rnd.pick(candidates) };
    }
    return undefined;
  };
  for (let i = 0; i < perKind; i++) {
    const found = pickLink(({ value, to }) => to.type === 'internal' && !to.fragment && !to.query && /\.html$/.test(to.path) && !deleted.has(to.path) && files.has(to.path) && (inbound.get(to.path)?.size ?? 0) >= 5 && /[^/#?]+\.html$/.test(value));
    if (!found) break;
    const typo = typoOf(found.link.value, (candidate) => !files.has(resolveLink(found.page, candidate).path), rnd);
    rewrite(found.page, found.link.index, typo);
    add('typo-link', { url: `/${resolveLink(found.page, typo).path}`, parent: found.page, text: `was ${found.link.value}` });
  }
  for (let i = 0; i < perKind; i++) {
    const found = pickLink(({ value, to }) => value.startsWith('#') && value.length > 1 && to.fragment && pages.get(to.path)?.anchors.has(to.fragment));
    if (!found) break;
    const fragment = missingFragment(found.link.to.fragment, pages.get(found.page).anchors);
    rewrite(found.page, found.link.index, `#${fragment}`);
    add('fragment-same-page', { url: `/${found.page}#${fragment}`, parent: found.page, text: `was ${found.link.value}` });
  }
  for (let i = 0; i < perKind; i++) {
    const found = pickLink(({ to }, page) => to.type === 'internal' && to.path !== page && to.fragment && !to.query && /\.html$/.test(to.path) && !deleted.has(to.path) && pages.get(to.path)?.anchors.has(to.fragment));
    if (!found) break;
    const fragment = missingFragment(found.link.to.fragment, pages.get(found.link.to.path).anchors);
    const value = `${found.link.value.split('#')[0]}#${fragment}`;
    rewrite(found.page, found.link.index, value);
    add('fragment-cross-page', { url: `/${found.link.to.path}#${fragment}`, parent: found.page, text: `was ${found.link.value}` });
  }

  // 3. Added links (in the page's main body, where a reader would meet them).
  const images = [...files].filter((f) => /^_images\/.+\.(png|svg|jpg)$/.test(f));
  const insert = (kind, page, href, text, tag = 'a') => {
    const rel = href.startsWith('/') && tag === 'img' ? relativeFrom(page, href) : href;
    const html = tag === 'img' ? `<p><img src="${rel}" alt="${text}" /></p>` : `<p><a href="${escapeAttr(rel)}">${text}</a></p>`;
    if (!inserts.has(page)) inserts.set(page, []);
    inserts.get(page).push(html);
    usedHosts.add(page);
    add(kind, { url: href, parent: page, text });
  };
  const insertable = () => hostPages().filter((p) => pages.get(p).hasBody);
  const slug = (page) => posix.basename(page, '.html');
  for (let n = 1; n <= perKind; n++) {
    const take = () => insertable()[0];
    let page = take();
    if (page) insert('missing-image', page, `/_images/${typoOf(posix.basename(rnd.pick(images) ?? 'figure.png'), () => true, rnd)}`, 'Figure: overview', 'img');
    page = take();
    if (page) insert('soft-404-page', page, `${SOFT_404_PREFIXES[(n - 1) % SOFT_404_PREFIXES.length]}3.9/${page}`, `This page for Python 3.9`);
    page = take();
    if (page) insert('soft-404-home', page, `${n % 2 ? '/legacy/docs' : '/old'}/${posix.dirname(page)}/${slug(page)}-reference.html`, 'Older reference');
    page = take();
    if (page) insert('redirect-loop', page, `/loop/${n}/a`, 'Translations');
    page = take();
    if (page) insert('chain-to-404', page, `/retired/${n}/1`, 'Mailing list archive');
    page = take();
    if (page) insert('server-error', page, `/api/${n}/status`, 'Build status');
    page = take();
    if (page) insert('timeout-30s', page, `/stalled/${n}`, 'Issue tracker mirror');
    page = take();
    if (page) insert('invalid-host', page, `https://mirror-${n}.python-docs.invalid/ftp/python/3.11.2/Python-3.11.2.tar.xz`, 'Download from a mirror');
    page = take();
    if (page) {
      movedTargets.set(n, rnd.pick([...reachable].filter((p) => !HUBS.test(posix.basename(p)))));
      insert('trap-chain-3', page, `/moved/${n}/1`, 'Moved section');
    }
    page = take();
    if (page) insert('trap-slow-1.5s', page, `/slow/${n}`, 'Changelog (slow server)');
    page = take();
    if (page) insert('trap-429', page, `/busy/${n}`, 'Package index (rate limited)');
    page = take();
    if (page) insert('trap-bot-wall', page, `/partners/${n}`, 'Community forum (bot wall)');
  }

  // A rewrite could, in principle, cut the only path to a page: keep only what a crawl from index.html still meets.
  reachable = reachablePages(scan, deleted, rewrites);
  const kept = key.filter((entry) => entry.kind === 'deleted-page' || reachable.has(entry.parent));
  return { deleted, rewrites, inserts, movedTargets, key: kept, dropped: key.length - kept.length };
}

/** Pages linking each page (distinct linking pages). */
function inboundPages(scan) {
  const inbound = new Map();
  for (const [page, { links }] of scan.pages) {
    for (const { value } of links) {
      const to = resolveLink(page, value);
      if (to.type !== 'internal' || to.path === page) continue;
      if (!inbound.has(to.path)) inbound.set(to.path, new Set());
      inbound.get(to.path).add(page);
    }
  }
  return inbound;
}

/** Pages a crawl from index.html reaches, without the deleted pages and with the rewrites applied. */
export function reachablePages(scan, deleted, rewrites = new Map()) {
  const seen = new Set(['index.html']);
  const queue = ['index.html'];
  while (queue.length) {
    const page = queue.shift();
    const changed = rewrites.get(page);
    scan.pages.get(page).links.forEach(({ value }, index) => {
      const to = resolveLink(page, changed?.get(index) ?? value);
      if (to.type !== 'internal') return;
      const file = fileFor(scan.files, to.path);
      if (file && scan.pages.has(file) && !deleted.has(file) && !seen.has(file)) {
        seen.add(file);
        queue.push(file);
      }
    });
  }
  return seen;
}

/** A one-letter slip in the file name (swap, drop or double a letter), accepted by ok(). */
function typoOf(value, ok, rnd) {
  const [path, rest = ''] = value.split(/(?=[?#])/);
  const slash = path.lastIndexOf('/') + 1;
  const dot = path.lastIndexOf('.');
  const stem = path.slice(slash, dot > slash ? dot : undefined);
  for (let attempt = 0; attempt < 20 && stem.length >= 2; attempt++) {
    const i = rnd.int(stem.length - 1);
    const variants = [stem.slice(0, i) + stem[i + 1] + stem[i] + stem.slice(i + 2), stem.slice(0, i) + stem.slice(i + 1), stem.slice(0, i + 1) + stem[i] + stem.slice(i + 1)];
    const typo = rnd.pick(variants);
    if (typo === stem || typo === '') continue;
    const candidate = path.slice(0, slash) + typo + path.slice(slash + stem.length) + rest;
    if (ok(candidate)) return candidate;
  }
  return path.slice(0, slash) + `${stem}-old` + path.slice(slash + stem.length) + rest;
}

function missingFragment(fragment, anchors) {
  for (const candidate of [`${fragment}s`, `${fragment}-old`, `${fragment}-2`, `old-${fragment}`]) if (!anchors.has(candidate)) return candidate;
  return `${fragment}-missing`;
}

function relativeFrom(page, rootPath) {
  const rel = posix.relative(posix.dirname(`/${page}`), rootPath);
  return rel || '.';
}

export function escapeAttr(value) {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export { BODY_MARK };
