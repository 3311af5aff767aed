// Scores a checker's report against the answer key: recall per injected kind, the traps'
// outcomes, and every other link reported broken (false alarms), leaving out what was
// already broken in the pristine corpus.
import { KINDS } from './inject.mjs';
import { fileFor, resolveLink } from './scan.mjs';

/** One comparable form for a URL: decoded path and fragment, no default port. */
export function normalizeUrl(value, base) {
  try {
    const url = new URL(value.trim(), base);
    return `${url.protocol}//${url.host}${safeDecode(url.pathname)}${url.search}${url.hash ? `#${safeDecode(url.hash.slice(1))}` : ''}`;
  } catch {
    return value;
  }
}
const withoutFragment = (normalized) => normalized.split('#')[0];
const withoutQuery = (normalized) => withoutFragment(normalized).split('?')[0];

/**
 * What the pristine corpus already gets wrong (found by reading the files): links to files
 * that are not in the package and #fragments that are not in their page.
 * Returns { paths: Set, fragments: Set } of normalized URLs under origin.
 */
export function pristineBreakage(scan, origin) {
  const paths = new Set();
  const fragments = new Set();
  for (const [page, { links }] of scan.pages) {
    for (const { value } of links) {
      const to = resolveLink(page, value);
      if (to.type !== 'internal') continue;
      const file = fileFor(scan.files, to.path);
      const url = normalizeUrl(`/${to.path}`, origin);
      if (!file) paths.add(url);
      else if (to.fragment && scan.pages.has(file) && !scan.pages.get(file).anchors.has(to.fragment)) fragments.add(`${url}#${to.fragment}`);
    }
  }
  return { paths, fragments };
}

/** Normalized reports ({ url, parent, state, reason, status }) grouped by normalized URL. */
function groupReports(links, origin) {
  const byUrl = new Map();
  for (const link of links) {
    const url = normalizeUrl(link.url, origin);
    if (!byUrl.has(url)) byUrl.set(url, []);
    byUrl.get(url).push(link);
  }
  return byUrl;
}

export function score({ links, key, origin, pristine }) {
  const byUrl = groupReports(links, origin);
  const keyUrls = key.map((entry) => ({ entry, url: normalizeUrl(entry.url, origin) }));
  const claimed = new Set();
  const entries = keyUrls.map(({ entry, url }) => {
    const matches = [];
    for (const [reported, reports] of byUrl) {
      const hit = entry.match === 'path' ? withoutQuery(reported) === withoutQuery(url) : reported === url || (!url.includes('#') && withoutFragment(reported) === url);
      if (hit) {
        matches.push(...reports);
        claimed.add(reported);
      }
    }
    const states = [...new Set(matches.map((m) => m.state))];
    const broken = matches.filter((m) => m.state === 'broken');
    const reasons = [...new Set(broken.map((m) => [m.reason, m.status].filter((x) => x !== undefined && x !== null && x !== '').join(' ')))];
    const outcome = matches.length === 0 ? 'not reported' : broken.length ? 'broken' : states.join('/');
    return { ...entry, absoluteUrl: url, outcome, found: broken.length > 0, reported: matches.length, reasons, reportedStates: states };
  });

  const perKind = {};
  for (const kind of Object.keys(KINDS)) {
    const of = entries.filter((e) => e.kind === kind);
    if (!of.length) continue;
    const info = KINDS[kind];
    perKind[kind] = info.trap
      ? { trap: true, injected: of.length, falseAlarms: of.filter((e) => e.found).length, asExpected: of.filter((e) => e.outcome === info.expect).length, outcomes: of.map((e) => e.outcome) }
      : { trap: false, injected: of.length, found: of.filter((e) => e.found).length, outcomes: of.map((e) => e.outcome) };
  }

  // Everything else reported broken, one entry per document (its #fragment links counted in it).
  const others = new Map();
  for (const [url, reports] of byUrl) {
    if (claimed.has(url)) continue;
    const broken = reports.filter((r) => r.state === 'broken');
    if (!broken.length) continue;
    const document = withoutFragment(url);
    const known = pristine.paths.has(withoutQuery(url)) || pristine.fragments.has(url);
    const item = others.get(document) ?? { url: document, parent: broken[0].parent, reason: [broken[0].reason, broken[0].status].filter((x) => x !== undefined && x !== null && x !== '').join(' '), count: 0, preexisting: true };
    item.count += broken.length;
    item.preexisting &&= known;
    others.set(document, item);
  }
  const elsewhere = [...others.values()].filter((item) => !item.preexisting);
  const preexisting = [...others.values()].filter((item) => item.preexisting);
  const bugs = Object.entries(perKind).filter(([, k]) => !k.trap);
  const traps = Object.entries(perKind).filter(([, k]) => k.trap);
  return {
    entries,
    perKind,
    kindsFullyFound: bugs.filter(([, k]) => k.found === k.injected).length,
    kinds: bugs.length,
    injected: bugs.reduce((s, [, k]) => s + k.injected, 0),
    found: bugs.reduce((s, [, k]) => s + k.found, 0),
    trapFalseAlarms: traps.reduce((s, [, k]) => s + k.falseAlarms, 0),
    trapsInjected: traps.reduce((s, [, k]) => s + k.injected, 0),
    falseAlarmsElsewhere: elsewhere,
    preexisting,
    reportedLinks: links.length,
    reportedUrls: byUrl.size,
    brokenUrls: [...byUrl.values()].filter((reports) => reports.some((r) => r.state === 'broken')).length,
  };
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
