import { InvalidInputError } from '../core/errors.js';
import { toPattern, type TextPattern } from '../core/pattern.js';
import { DocumentFetcher, type DocumentResult, type FetchMode } from './fetch-document.js';
import type { FoundLink } from './found-link.js';
import { isHtml } from './http-request.js';
import { validMailto, validTel } from './mailto-tel.js';
import { resolvePolicy, type LinkPolicy } from './policy.js';
import type { CheckedLink, PageResult } from './results.js';
import type { ProbeFingerprint } from './soft-404.js';
import { isUnsubscribeLike } from './unsubscribe-like.js';

export interface LinkCheckerEvents {
  onResult?(result: CheckedLink): void;
}

export interface CrawlOptions {
  /** Clicks away from the start page whose links are read too (0: the start page only). */
  depth: number;
  scope?: 'same-origin' | 'same-path';
  /** At most this many pages are read. */
  maxPages?: number;
  /** Results not kept are only reported through `onResult` (a crawl of 100k links need not hold them all). */
  keep?: (result: CheckedLink) => boolean;
}

/** Elements whose target a reader sees as a page (fetched with GET: words, anchors, links). */
const PAGE_TAGS = new Set(['a', 'area', 'iframe', 'frame', 'meta refresh', 'text', 'markdown', 'pdf link', 'pdf text', 'header']);
/** Addresses of files nobody reads as HTML: HEAD is enough. */
const FILE_EXTENSION = /\.(?:png|jpe?g|gif|webp|avif|svg|ico|bmp|css|js|mjs|map|woff2?|ttf|otf|eot|mp[34]|webm|ogg|wav|flac|mov|avi|zip|gz|tgz|bz2|xz|7z|rar|exe|dmg|pkg|deb|rpm|iso|pdf|docx?|xlsx?|pptx?|odt|csv|json|xml|txt|epub|mobi|wasm)$/i;

/**
 * Checks links under a policy. One request per address per checker, whatever the
 * number of links to it (fragments share their document's fetch).
 */
export class LinkChecker {
  readonly policy: LinkPolicy;
  private readonly fetcher: DocumentFetcher;
  private readonly documents = new Map<string, { head?: Promise<DocumentResult>; get?: Promise<DocumentResult> }>();
  private readonly exclude: TextPattern[];
  private readonly include: TextPattern[];
  private collectLinks?: (url: string) => boolean;

  constructor(policy: Partial<LinkPolicy> = {}, private readonly events: LinkCheckerEvents = {}) {
    this.policy = resolvePolicy(policy);
    this.exclude = this.policy.exclude.map(toPattern);
    this.include = this.policy.include.map(toPattern);
    this.fetcher = new DocumentFetcher(this.policy);
  }

  /** Requests sent so far. */
  get requests(): number {
    return this.fetcher.requests;
  }

  /** Results in the order of `links`, one per link. Links to one document wait on its one fetch together. */
  async check(links: readonly FoundLink[]): Promise<CheckedLink[]> {
    const results: CheckedLink[] = new Array(links.length);
    const waiting = new Map<Promise<DocumentResult>, number[]>();
    const fragments: string[] = [];
    for (let i = 0; i < links.length; i++) {
      const verdict = this.before(links[i]);
      if ('state' in verdict) {
        results[i] = this.done(verdict);
        continue;
      }
      fragments[i] = verdict.fragment;
      const doc = this.document(verdict.document, verdict.mode);
      const indices = waiting.get(doc);
      if (indices) indices.push(i);
      else waiting.set(doc, [i]);
    }
    await Promise.all(
      [...waiting].map(([doc, indices]) =>
        doc.then((result) => {
          for (const i of indices) results[i] = this.done(this.after(links[i], fragments[i], result));
        }),
      ),
    );
    return results;
  }

  /** Reads the start page and, within scope and depth, the pages it leads to; checks every link found. */
  async crawl(start: string, opts: CrawlOptions): Promise<{ links: CheckedLink[]; pages: PageResult[] }> {
    let origin: URL;
    try {
      origin = new URL(start);
    } catch {
      throw new InvalidInputError(`${start}: not a URL`);
    }
    if (origin.protocol !== 'http:' && origin.protocol !== 'https:') throw new InvalidInputError(`${start}: only http and https addresses can be crawled`);
    // The site is where the start page's redirects end (http → https, example.com → www.example.com).
    let scope = { origin: origin.origin, prefix: '/' };
    const inScope = (url: string) => {
      try {
        const u = new URL(url);
        return u.origin === scope.origin && u.pathname.startsWith(scope.prefix);
      } catch {
        return false;
      }
    };
    const startUrl = withoutFragment(origin.href);
    const first = await this.document(startUrl, 'get', () => true);
    const landed = URL.canParse(first.finalUrl) ? new URL(first.finalUrl) : origin;
    scope = { origin: landed.origin, prefix: opts.scope === 'same-path' ? landed.pathname.replace(/[^/]*$/, '') : '/' };
    this.collectLinks = inScope;
    const maxPages = opts.maxPages ?? 10_000;
    const pages: PageResult[] = [];
    const checks: Promise<CheckedLink[]>[] = [];
    const visited = new Set<string>([startUrl, withoutFragment(landed.href)]);

    const visit = async (url: string, depth: number, found?: FoundLink): Promise<void> => {
      const doc = await this.document(url, 'get');
      // Pages further in are listed when they were read; a broken one is reported as a link already.
      if (depth > 0 && (!doc.html || doc.state !== 'ok')) return;
      const links = doc.state === 'ok' ? (doc.page?.links ?? []) : [];
      pages.push({ url, depth, state: doc.state, reason: doc.reason, status: doc.status, title: doc.title ?? found?.text, links: links.length, ms: doc.ms });
      if (doc.page) doc.page = undefined; // read once; free the memory
      const keep = opts.keep;
      checks.push(keep ? this.check(links).then((results) => results.filter(keep)) : this.check(links));
      if (depth >= opts.depth) return;
      const next: Promise<void>[] = [];
      for (const link of links) {
        if (link.info || !PAGE_TAGS.has(link.tag ?? '') || !inScope(link.url) || FILE_EXTENSION.test(pathOf(link.url))) continue;
        const target = withoutFragment(link.url);
        if (visited.has(target) || visited.size >= maxPages) continue;
        visited.add(target);
        next.push(visit(target, depth + 1, link));
      }
      await Promise.all(next);
    };

    try {
      await visit(startUrl, 0);
      return { links: (await Promise.all(checks)).flat(), pages };
    } finally {
      this.collectLinks = undefined;
    }
  }

  /** The host's answer to an address that cannot exist, for `detectSoft404` on a page a browser opened. */
  probe(url: string): Promise<ProbeFingerprint | undefined> {
    return this.fetcher.probe(url);
  }

  async close(): Promise<void> {
    await this.fetcher.close();
  }

  private done(result: CheckedLink): CheckedLink {
    this.events.onResult?.(result);
    return result;
  }

  /** Everything decided without a request: the result, or which document to fetch and how. */
  private before(link: FoundLink): CheckedLink | { document: string; mode: FetchMode; fragment: string } {
    const base = { url: link.url, parent: link.parent, where: link.where, text: link.text, chain: [], ms: 0 };
    if (link.info) return { ...base, state: 'skipped', reason: 'info', detail: 'listed, not checked (a form submits data)' };
    if (link.unsubscribe || isUnsubscribeLike(link.url, link.text)) return { ...base, state: 'skipped', reason: 'unsubscribe-like', detail: 'never fetched by a link check: it could unsubscribe the reader' };
    let url: URL;
    try {
      url = new URL(link.url);
    } catch {
      return { ...base, state: 'broken', reason: 'invalid-url', detail: `not an address a browser can open: ${link.url}` };
    }
    if (url.protocol === 'mailto:') return validMailto(link.url) ? { ...base, state: 'ok' } : { ...base, state: 'broken', reason: 'invalid-url', detail: 'not a valid mail address' };
    if (url.protocol === 'tel:') return validTel(link.url) ? { ...base, state: 'ok' } : { ...base, state: 'broken', reason: 'invalid-url', detail: 'not a valid phone number' };
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ...base, state: 'skipped', reason: 'not-http' };
    if (this.exclude.some((p) => p.test(link.url)) || (this.include.length > 0 && !this.include.some((p) => p.test(link.url)))) {
      return { ...base, state: 'skipped', reason: 'excluded' };
    }
    const fragment = url.hash.slice(1);
    const wantsPage = PAGE_TAGS.has(link.tag ?? 'a') && !FILE_EXTENSION.test(url.pathname);
    return { document: withoutFragment(url.href), mode: wantsPage || (fragment !== '' && this.policy.checkFragments) ? 'get' : 'head', fragment };
  }

  /** The link's result from its document's. */
  private after(link: FoundLink, fragment: string, doc: DocumentResult): CheckedLink {
    const result: CheckedLink = { url: link.url, parent: link.parent, where: link.where, text: link.text, state: doc.state, reason: doc.reason, detail: doc.detail, status: doc.status, chain: doc.chain, ms: doc.ms };
    if (doc.chain.length > 1) result.finalUrl = doc.finalUrl;
    if (doc.state === 'ok' && this.policy.checkFragments && fragmentMissing(fragment, doc)) {
      return { ...result, state: 'broken', reason: 'fragment-missing', detail: `no element with id or name "${decode(fragment)}" on the page` };
    }
    return result;
  }

  /** One fetch per address: a GET serves later HEAD users; a HEAD serves GET users when its answer was not an HTML page. */
  private document(url: string, mode: FetchMode, collectLinks = this.collectLinks): Promise<DocumentResult> {
    let entry = this.documents.get(url);
    if (!entry) {
      entry = {};
      this.documents.set(url, entry);
    }
    if (entry.get) return entry.get;
    if (mode === 'head') return (entry.head ??= this.fetcher.fetch(url, 'head', collectLinks));
    const head = entry.head;
    const get = head
      ? head.then((done) => (done.state === 'ok' && !done.html && isHtml(done.contentType ?? '') ? this.fetcher.fetch(url, 'get', collectLinks) : done))
      : this.fetcher.fetch(url, 'get', collectLinks);
    entry.get = get;
    return get;
  }
}

/** Fragments that name no element: empty, #top, script routes (#!/…, #/…), text fragments. */
function fragmentMissing(fragment: string, doc: DocumentResult): boolean {
  if (!fragment || !doc.anchors || doc.truncated) return false;
  const name = decode(fragment);
  if (name.toLowerCase() === 'top' || /^[!/]/.test(name) || name.includes(':~:')) return false;
  return !doc.anchors.has(name) && !doc.anchors.has(fragment);
}

function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * How the site at `url` answers an address that cannot exist (for `detectSoft404` on a
 * page a browser opened). One request (and its redirects); undefined when it gets no answer.
 */
export async function probeFingerprint(url: string, opts: Partial<LinkPolicy> & { timeoutMs?: number } = {}): Promise<ProbeFingerprint | undefined> {
  const { timeoutMs, ...policy } = opts;
  const checker = new LinkChecker({ ...policy, requestTimeoutMs: timeoutMs ?? policy.requestTimeoutMs });
  try {
    return await checker.probe(url);
  } finally {
    await checker.close();
  }
}
