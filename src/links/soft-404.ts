import type { LinkHop } from '../model/report.js';

/** What a page looked like, for soft-404 checks (from HTTP or from a browser). */
export interface PageLook {
  /** The link as requested. */
  url: string;
  /** Where the redirects ended. */
  finalUrl: string;
  status: number;
  chain: LinkHop[];
  title: string;
  headings: string[];
  /** Main visible text. */
  text: string;
  /**
   * The site's own base when it lives under a path (`https://example.com/shop/`): a
   * redirect there from a deeper address is a redirect to the home page too.
   */
  siteBase?: string;
}

/** How a host answers a path that cannot exist. */
export interface ProbeFingerprint {
  /** The random path asked for. */
  url: string;
  finalUrl: string;
  status: number;
  title: string;
  textLength: number;
  /** Word trigrams of the text. */
  shingles: Set<string>;
}

export interface Soft404Verdict {
  soft404: boolean;
  why?: string;
}

/** Statements of "not found" in English, German, French, Spanish, Italian, Dutch, Portuguese (lower case, accents removed). */
const NOT_FOUND_PHRASES = [
  // English
  'page not found', 'not found', 'file not found', 'document not found', 'page cannot be found', 'page could not be found',
  "this page (?:does not|doesn't|doesnt) exist", "(?:the )?page (?:does not|doesn't|doesnt) exist", "(?:that|this|the) page (?:can't|cant|cannot|could not|couldn't) be found",
  "we (?:can't|cant|cannot|couldn't|could not) find (?:that|this|the) page(?: you(?:'re| are) looking for)?", 'the requested (?:url|page|resource) was not found(?: on this server)?',
  "the page you (?:are|were|'re) looking for (?:does not|doesn't|can't|cannot|could not|couldn't|no longer) (?:exist|be found|exists)",
  'the page you requested (?:could not|cannot|was not) (?:be )?found', 'page no longer exists', "this page isn't available", 'page not available',
  // German
  'seite nicht gefunden', 'nicht gefunden', 'die seite wurde nicht gefunden', 'diese seite existiert nicht', 'seite existiert nicht', 'die angeforderte seite (?:wurde nicht gefunden|existiert nicht)', 'seite konnte nicht gefunden werden',
  // French
  'page introuvable', 'page non trouvee', 'introuvable', "cette page n'existe pas", "la page (?:que vous (?:recherchez|cherchez|demandez) )?(?:est introuvable|n'existe pas)", 'page inexistante',
  // Spanish
  'pagina no encontrada', 'no encontrada', 'no se (?:encontro|ha encontrado|pudo encontrar) la pagina', 'la pagina (?:que buscas |que busca |solicitada )?no existe', 'esta pagina no existe',
  // Italian
  'pagina non trovata', 'non trovata', 'la pagina (?:che cerchi |richiesta )?non esiste', 'pagina inesistente', 'questa pagina non esiste',
  // Dutch
  'pagina niet gevonden', 'niet gevonden', 'deze pagina bestaat niet', 'pagina bestaat niet', 'de pagina (?:die je zoekt |die u zoekt )?(?:bestaat niet|is niet gevonden|kon niet worden gevonden)',
  // Portuguese
  'pagina nao encontrada', 'nao encontrada', 'esta pagina nao existe', 'a pagina (?:que voce procura |solicitada )?nao (?:existe|foi encontrada)',
];
/** Words around the statement on a not-found title or heading ("Oops! Error 404 – Page not found"). */
const FILLER = '(?:oops|whoops|sorry|uh oh|hmm|ups|huch|hoppla|desole|lo sentimos|ci dispiace|helaas|desculpe|error|fehler|erreur|errore|fout|erro|http|status|code|\\d{3})';
const SAYS_NOT_FOUND = new RegExp(`^(?:${FILLER} )*(?:(?:404|410)(?: ${FILLER})*|(?:${NOT_FOUND_PHRASES.join('|')})(?: ${FILLER})*)$`);
/** A full sentence saying so, for the start of the main text. */
const TEXT_SAYS_NOT_FOUND = new RegExp(`\\b(?:${NOT_FOUND_PHRASES.filter((p) => p.includes(' ') && p.split(' ').length >= 3).join('|')}|(?:error|fehler|erreur|errore|fout|erro) 404|404 (?:not found|error|fehler|erreur|errore))\\b`);
/** Separators between a page's name and its site's name in titles. */
const TITLE_SEPARATORS = /\s+[|–—·•»:-]+\s+|\s*[|–—·•»]\s*/;
/** Pages this long are articles, not error pages. */
const SHORT_PAGE = 3_000;
const NOT_FOUND_TEXT_WINDOW = 600;

/** Does a title or heading say "not found" (and nothing else)? "404 – Page not found | Shop" yes; "How to fix 404 errors" no. */
export function saysNotFound(line: string): boolean {
  return line
    .split(TITLE_SEPARATORS)
    .map(normalise)
    .some((segment) => segment !== '' && SAYS_NOT_FOUND.test(segment));
}

/**
 * Whether a page that answered 2xx is really a "not found" page: by its title or
 * heading, by the start of a short page's text, by a redirect from a deep URL to a home
 * page, or by looking like the host's answer to a random path (`probe`).
 */
export function detectSoft404(input: PageLook, probe?: ProbeFingerprint): Soft404Verdict {
  if (input.status < 200 || input.status >= 300) return { soft404: false };
  // A page about 404 errors (…/Status/404, /wiki/HTTP_404) may well be titled "404 Not Found".
  const aboutNotFound = ERROR_PAGE_PATH.test(pathOf(input.url));
  if (!aboutNotFound) {
    if (saysNotFound(input.title)) return { soft404: true, why: `the title says not found: "${input.title}"` };
    const text = normalisedText(input.text);
    // The page's own heading, not a section of a long page ("404 Not Found" in an API reference).
    const heading = input.headings.slice(0, text.length < SHORT_PAGE ? 2 : 1).find(saysNotFound);
    if (heading) return { soft404: true, why: `the heading says not found: "${heading}"` };
    if (text.length < SHORT_PAGE) {
      const statement = TEXT_SAYS_NOT_FOUND.exec(text.slice(0, NOT_FOUND_TEXT_WINDOW));
      if (statement) return { soft404: true, why: `the page says "${statement[0]}"` };
    }
  }
  if (input.chain.length > 1 && isDeep(input.url, input.siteBase) && isHomePage(input.finalUrl, input.siteBase)) {
    return { soft404: true, why: `redirected from ${input.url} to the home page ${input.finalUrl}` };
  }
  if (input.chain.length > 1 && !aboutNotFound && ERROR_PAGE_PATH.test(pathOf(input.finalUrl))) {
    return { soft404: true, why: `redirected from ${input.url} to the error page ${input.finalUrl}` };
  }
  if (probe) return compareWithProbe(input, probe);
  return { soft404: false };
}

/** A fingerprint of a page, to compare pages with the host's answer to a random path. */
export function fingerprint(look: Pick<PageLook, 'url' | 'finalUrl' | 'status' | 'title' | 'text'>): ProbeFingerprint {
  return { url: look.url, finalUrl: look.finalUrl, status: look.status, title: look.title, textLength: look.text.length, shingles: shingles(look.text) };
}

function compareWithProbe(input: PageLook, probe: ProbeFingerprint): Soft404Verdict {
  // A host that answers a random path with 404 tells us nothing more about this page.
  if (probe.status < 200 || probe.status >= 300) return { soft404: false };
  if (sameUrl(input.url, probe.url) || !isDeep(input.url, input.siteBase)) return { soft404: false };
  const probeRedirected = !sameUrl(probe.finalUrl, probe.url);
  if (probeRedirected && sameUrl(input.finalUrl, probe.finalUrl) && !sameUrl(input.finalUrl, input.url)) {
    return { soft404: true, why: `redirected to ${input.finalUrl}, where the site sends addresses that do not exist` };
  }
  const words = input.text.split(/\s+/).filter(Boolean).length;
  // Pages drawn by scripts share one empty shell: identical, and still not proven missing.
  if (words < 20) return { soft404: false };
  const lengthClose = Math.abs(input.text.length - probe.textLength) <= Math.max(200, probe.textLength * 0.1);
  if (normalise(input.title) !== normalise(probe.title) || !lengthClose) return { soft404: false };
  const similarity = jaccard(shingles(input.text), probe.shingles);
  if (similarity >= 0.9) return { soft404: true, why: `looks like the site's answer to an address that does not exist (${Math.round(similarity * 100)}% the same)` };
  return { soft404: false };
}

/**
 * The page's text normalised, or enough of its start to know it is not a short page: a
 * long page's whole text need not be normalised (it costs more than the rest of the checks).
 */
function normalisedText(text: string): string {
  if (text.length > SHORT_PAGE * 2) {
    const start = normalise(text.slice(0, SHORT_PAGE * 2));
    if (start.length >= SHORT_PAGE) return start;
  }
  return normalise(text);
}

function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `/`, `/index.html`, `/home`, and language roots with their slash (`/en/`, `/de-de/`). */
const HOME_PATHS = /^\/(?:(?:index|default|home|start)(?:\.\w{2,5})?|[a-z]{2}(?:[-_][a-z]{2})?\/)?$/i;

/** Paths of error pages, or of pages about them: `/404.html`, `/not-found`, `/Status/404`, `/wiki/HTTP_404`. */
const ERROR_PAGE_PATH = /(?:^|[/_.-])(?:404|410|not[-_]?found|page[-_]?not[-_]?found|error[-_]?404)(?:[/_.-]|$)/i;

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

function isHomePage(url: string, siteBase?: string): boolean {
  try {
    const target = new URL(url);
    if (HOME_PATHS.test(target.pathname)) return true;
    const base = siteBase ? basePath(siteBase, target) : undefined;
    // `/shop`, `/shop/`, `/shop/index.html` are the home page of a site at /shop/.
    return base !== undefined && HOME_PATHS.test(`/${target.pathname.slice(base.length)}`.replace(/^\/\/+/, '/'));
  } catch {
    return false;
  }
}

function isDeep(url: string, siteBase?: string): boolean {
  try {
    new URL(url);
  } catch {
    return false;
  }
  return !isHomePage(url, siteBase);
}

/**
 * The path of a site's base without its trailing slash (`/shop`), when `target` is on the
 * same origin and at or under it; undefined for a base at the root or elsewhere.
 */
export function basePath(siteBase: string, target: URL): string | undefined {
  let base: URL;
  try {
    base = new URL(siteBase);
  } catch {
    return undefined;
  }
  const path = base.pathname.replace(/\/[^/]*\.[a-z0-9]{2,5}$/i, '/').replace(/\/+$/, '');
  if (!path || base.origin !== target.origin) return undefined;
  return target.pathname === path || target.pathname.startsWith(`${path}/`) ? path : undefined;
}

function sameUrl(a: string, b: string): boolean {
  return a.replace(/#.*$/, '') === b.replace(/#.*$/, '');
}

const MAX_SHINGLE_WORDS = 2_000;

function shingles(text: string): Set<string> {
  const words = normalise(text).split(' ').slice(0, MAX_SHINGLE_WORDS);
  const set = new Set<string>();
  for (let i = 0; i + 2 < words.length; i++) set.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  if (set.size === 0 && words.length) set.add(words.join(' '));
  return set;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}
