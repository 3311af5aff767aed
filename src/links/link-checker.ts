import { InvalidInputError } from '../core/errors.js';
import { toPattern, type TextPattern } from '../core/pattern.js';
import { DocumentFetcher, type DocumentResult, type FetchMode } from './fetch-document.js';
import type { FoundLink } from './found-link.js';
import type { UnreachableHost } from './host-health.js';
import { isHtml } from './http-request.js';
import { validMailto, validTel } from './mailto-tel.js';
import { resolvePolicy, type LinkPolicy } from './policy.js';
import type { CheckedLink, PageResult } from './results.js';
import type { ProbeFingerprint } from './soft-404.js';
import { isUnsubscribeLike } from './unsubscribe-like.js';

export interface LinkCheckerEvents {
  onResult?(result: CheckedLink): void;
  /** A crawl read a page (its links are being checked). */
  onPage?(page: PageResult): void;
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

  /** Pages of the crawl read and still to read. */
  readonly pages = { done: 0, queued: 0 };

  /** Requests in flight and the host whose oldest request has waited longest (for progress). */
  activity(): { inFlight: number; slowest?: { host: string; ms: number } } {
    return this.fetcher.activity();
  }

  /** Hosts that gave no answer and were not asked again, with the links that share their reason. */
  unreachableHosts(): UnreachableHost[] {
    return this.fetcher.health.unreachable();
  }

  /** Results in the order of `links`, one per link. Links to one document wait on its one fetch together. */
  check(links: readonly FoundLink[]): Promise<CheckedLink[]> {
    return this.settle(links);
  }

  /**
   * Checks `links`; every result goes to `onResult`, and only those `keep` accepts (all by
   * default) are returned, in the order of `links`. A link is let go once its result is out:
   * a crawl's pending links are what it holds in memory.
   */
  private settle(links: readonly FoundLink[], keep?: (result: CheckedLink) => boolean): Promise<CheckedLink[]> {
    const kept: { index: number; result: CheckedLink }[] = [];
    const put = (index: number, result: CheckedLink) => {
      this.done(result);
      if (!keep || keep(result)) kept.push({ index, result });
    };
    // Per document, its links and their places in `links` (two flat arrays: many links wait at once in a crawl).
    const waiting = new Map<Promise<DocumentResult>, { links: FoundLink[]; indices: number[] }>();
    for (let index = 0; index < links.length; index++) {
      const link = links[index];
      const verdict = this.before(link);
      if ('state' in verdict) {
        put(index, verdict);
        continue;
      }
      const doc = this.document(verdict.document, verdict.mode);
      const group = waiting.get(doc);
      if (group) {
        group.links.push(link);
        group.indices.push(index);
      } else waiting.set(doc, { links: [link], indices: [index] });
    }
    // Not async: `links` is not held while waiting, only the links still pending are.
    const settled = [...waiting].map(([doc, group]) =>
      doc.then((result) => {
        group.links.forEach((link, i) => put(group.indices[i], this.after(link, result)));
        group.links = [];
      }),
    );
    return Promise.all(settled).then(() => kept.sort((a, b) => a.index - b.index).map((k) => k.result));
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
    // A page read once, by its final address and by its body: `/` and `/index.html` are one page.
    const readPages = new Map<string, PageResult>();

    const visit = async (url: string, depth: number, found?: FoundLink): Promise<void> => {
      // Progress: a page is queued until it is read (not until the pages it leads to are).
      this.pages.queued++;
      let doc: DocumentResult;
      try {
        doc = await this.document(url, 'get');
      } finally {
        this.pages.queued--;
        this.pages.done++;
      }
      // Pages further in are listed when they were read; a broken one is reported as a link already.
      if (depth > 0 && (!doc.html || doc.state !== 'ok')) return;
      await Promise.all(read(url, depth, doc, found));
    };
    /** Lists the page, checks its links and starts the visits of the pages it leads to; keeps none of its links. */
    const read = (url: string, depth: number, doc: DocumentResult, found?: FoundLink): Promise<void>[] => {
      const same = readPages.get(withoutFragment(doc.finalUrl)) ?? (doc.bodyHash && !doc.truncated ? readPages.get(`sha1:${doc.bodyHash}`) : undefined);
      if (same && doc.state === 'ok') {
        (same.aliases ??= []).push(url);
        if (doc.page) doc.page = undefined;
        return [];
      }
      const links = doc.state === 'ok' ? (doc.page?.links ?? []) : [];
      const page: PageResult = { url, depth, state: doc.state, reason: doc.reason, status: doc.status, title: doc.title ?? found?.text, links: links.length, ms: doc.ms };
      pages.push(page);
      this.events.onPage?.(page);
      readPages.set(withoutFragment(doc.finalUrl), page);
      if (doc.bodyHash && !doc.truncated) readPages.set(`sha1:${doc.bodyHash}`, page);
      if (doc.page) doc.page = undefined; // read once; free the memory
      checks.push(this.settle(links, opts.keep));
      if (depth >= opts.depth) return [];
      const next: Promise<void>[] = [];
      for (const link of links) {
        if (link.info || !PAGE_TAGS.has(link.tag ?? '')) continue;
        const target = withoutFragment(link.url);
        // Most links lead to pages already visited: that is known without reading the URL.
        if (visited.has(target) || visited.size >= maxPages || !inScope(link.url) || FILE_EXTENSION.test(pathOf(link.url))) continue;
        visited.add(target);
        next.push(visit(target, depth + 1, link));
      }
      return next;
    };

    try {
      await visit(startUrl, 0);
      return { links: (await Promise.all(checks)).flat(), pages };
    } finally {
      this.collectLinks = undefined;
    }
  }

  /** The host's answer to an address that cannot exist, for `detectSoft404` on a page a browser opened. */
  probe(url: string, siteBase?: string): Promise<ProbeFingerprint | undefined> {
    return this.fetcher.probe(url, siteBase);
  }

  async close(): Promise<void> {
    await this.fetcher.close();
  }

  private done(result: CheckedLink): CheckedLink {
    this.events.onResult?.(result);
    return result;
  }

  /** Everything decided without a request: the result, or which document to fetch and how. */
  private before(link: FoundLink): CheckedLink | { document: string; mode: FetchMode } {
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
    return { document: withoutFragment(url.href), mode: wantsPage || (fragment !== '' && this.policy.checkFragments) ? 'get' : 'head' };
  }

  /** The link's result from its document's. */
  private after(link: FoundLink, doc: DocumentResult): CheckedLink {
    if (doc.failedHost && doc.reason) this.fetcher.health.countLink(doc.failedHost, doc.reason);
    const result: CheckedLink = { url: link.url, parent: link.parent, where: link.where, text: link.text, state: doc.state, reason: doc.reason, detail: doc.detail, status: doc.status, chain: doc.chain, ms: doc.ms };
    if (doc.chain.length > 1) result.finalUrl = doc.finalUrl;
    const fragment = doc.state === 'ok' && this.policy.checkFragments && doc.anchors ? fragmentOf(link.url) : '';
    if (fragment && fragmentMissing(fragment, doc)) {
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

/** The #fragment of an address `before` could read, as the URL parser gives it (percent-encoded), without '#'. */
function fragmentOf(url: string): string {
  const hash = url.indexOf('#');
  if (hash === -1) return '';
  const raw = url.slice(hash + 1);
  // Characters the parser would encode; without them (the usual case) the text is the fragment.
  return /[\x00-\x20"<>`\x7f-\uffff]/.test(raw) ? new URL(url).hash.slice(1) : raw;
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
export async function probeFingerprint(url: string, opts: Partial<LinkPolicy> & { timeoutMs?: number; siteBase?: string } = {}): Promise<ProbeFingerprint | undefined> {
  const { timeoutMs, siteBase, ...policy } = opts;
  const checker = new LinkChecker({ ...policy, requestTimeoutMs: timeoutMs ?? policy.requestTimeoutMs });
  try {
    return await checker.probe(url, siteBase);
  } finally {
    await checker.close();
  }
}
