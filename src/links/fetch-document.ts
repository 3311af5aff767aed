import { Agent } from 'undici';
import type { LinkHop, LinkState } from '../model/report.js';
import { isBotWall } from './bot-wall.js';
import { htmlPageReader, parseHtml, type HtmlPage, type HtmlPageReader } from './extract-html.js';
import type { FailureReason } from './failure-reason.js';
import { HostHealth } from './host-health.js';
import { httpRequest, type HttpAnswer, type HttpOutcome, type HttpOptions } from './http-request.js';
import { statusIsBroken, type LinkPolicy } from './policy.js';
import type { PageRenderer } from './render-page.js';
import { RequestLimiter, type RequestPriority } from './request-limiter.js';
import { basePath, detectSoft404, fingerprint, type ProbeFingerprint } from './soft-404.js';

/** What one address (without its #fragment) answered, after redirects and retries. */
export interface DocumentResult {
  state: LinkState;
  reason?: string;
  detail?: string;
  status?: number;
  chain: LinkHop[];
  finalUrl: string;
  ms: number;
  contentType?: string;
  /** The final answer was an HTML document read with GET. */
  html: boolean;
  /** Ids and names, when the body was read. */
  anchors?: Set<string>;
  /** Only part of the body was read: a missing anchor proves nothing. */
  truncated?: boolean;
  title?: string;
  /** The page's links, when the caller asked for them (crawl scope). */
  page?: HtmlPage;
  /** `name:port` of the host that gave no answer (dns, connection, timeout). */
  failedHost?: string;
  /** SHA-1 of the HTML body read: two addresses serving the same page are one page in a crawl. */
  bodyHash?: string;
}

export type FetchMode = 'head' | 'get';

/** What is left of the time one address may take, and the time its requests took. */
interface Budget {
  remainingMs: number;
  requestMs: number;
}

/** Statuses on which HEAD is not believed and the hop is asked again with GET. */
const HEAD_LIES = (status: number) => status === 405 || status === 403 || status === 404 || status === 400 || status === 501 || status >= 500 || status === 429;

/**
 * Fetches addresses hop by hop under a policy: HEAD or GET, redirects with the chain,
 * Retry-After, limits per host, capped bodies, soft-404 checks. Never throws.
 */
export class DocumentFetcher {
  private readonly agent: Agent;
  private readonly limiter: RequestLimiter;
  private readonly probes = new Map<string, Promise<ProbeFingerprint | undefined>>();
  private renderer?: Promise<PageRenderer>;
  /** Hosts that gave no answer, remembered for the run. */
  readonly health: HostHealth;
  /** Requests sent, for progress and tests. */
  requests = 0;
  /** Requests in flight now, and when each host's oldest one started (progress: the slowest host). */
  private readonly inFlight = new Map<string, number[]>();

  constructor(private readonly policy: LinkPolicy) {
    this.health = new HostHealth(policy.connectTimeoutMs);
    this.agent = new Agent({
      connect: { timeout: policy.connectTimeoutMs, lookup: this.health.lookup },
      headersTimeout: policy.requestTimeoutMs,
      bodyTimeout: policy.requestTimeoutMs,
      connections: policy.perHostConcurrency,
    });
    this.limiter = new RequestLimiter(policy);
  }

  /** `collectLinks` decides, from the final URL, whether the page's links are kept (crawl scope). */
  async fetch(url: string, mode: FetchMode, collectLinks?: (finalUrl: string) => boolean, probe = true): Promise<DocumentResult> {
    // Time spent in requests and Retry-After waits; waiting for a free slot does not count.
    const budget: Budget = { remainingMs: Math.max(this.policy.linkTimeoutMs, this.policy.requestTimeoutMs), requestMs: 0 };
    let result: Omit<DocumentResult, 'ms'>;
    try {
      result = await this.follow(url, mode, collectLinks, probe, budget);
    } catch (error) {
      // A fault of ours must not end the whole run: the address is reported with it.
      result = { state: 'broken', reason: 'error', detail: `journey-audit could not check it: ${(error as Error)?.message ?? String(error)}`, chain: [], finalUrl: url, html: false };
    }
    // The time of its requests: neither the wait for a free slot nor a Retry-After pause.
    return { ...result, ms: Math.round(budget.requestMs) };
  }

  private rememberedOutcome(host: string, known: { reason: FailureReason; detail: string }): HttpOutcome {
    return { ok: false, reason: known.reason, message: `${host} gave no answer earlier in this run (${known.reason}: ${known.detail}); not asked again` };
  }

  /** Requests in flight now, and the host whose oldest one has waited longest. */
  activity(): { inFlight: number; slowest?: { host: string; ms: number } } {
    const now = performance.now();
    let inFlight = 0;
    let slowest: { host: string; ms: number } | undefined;
    for (const [host, starts] of this.inFlight) {
      inFlight += starts.length;
      const ms = now - Math.min(...starts);
      if (!slowest || ms > slowest.ms) slowest = { host, ms };
    }
    return { inFlight, slowest };
  }

  async close(): Promise<void> {
    await Promise.all([this.agent.destroy().catch(() => undefined), this.renderer?.then((r) => r.close())]);
  }

  private async follow(url: string, mode: FetchMode, collectLinks: ((finalUrl: string) => boolean) | undefined, probe: boolean, budget: Budget): Promise<Omit<DocumentResult, 'ms'>> {
    const chain: LinkHop[] = [];
    const seen = new Set<string>();
    let current = url;
    let method: 'HEAD' | 'GET' = mode === 'head' ? 'HEAD' : 'GET';
    const end = (state: LinkState, reason?: string, extra: Partial<DocumentResult> = {}) => ({ state, reason, chain, finalUrl: current, html: false, status: chain.at(-1)?.status, ...extra });

    for (let hop = 0; ; hop++) {
      if (seen.has(current)) return end('broken', 'loop', { detail: `redirects come back to ${current}` });
      if (hop > this.policy.maxRedirects) return end('broken', 'too-many-redirects', { detail: `more than ${this.policy.maxRedirects} redirects` });
      seen.add(current);
      let target: URL;
      try {
        target = new URL(current);
      } catch {
        return end('broken', 'invalid-url', { detail: `cannot read the address ${current}` });
      }
      if (target.protocol !== 'http:' && target.protocol !== 'https:') return end('skipped', 'not-http', { detail: `redirects to ${target.protocol} address` });
      // RFC 6761: names under .invalid never resolve; no need to ask.
      if (/\.invalid\.?$/i.test(target.hostname)) {
        const { detail } = this.health.failed(target.host, 'dns', `${target.hostname} does not exist (.invalid names never resolve)`);
        return end('broken', 'dns', { detail, failedHost: target.host });
      }

      if (budget.remainingMs <= 0) return end('broken', 'timeout', { detail: `no final answer within ${Math.round(this.policy.linkTimeoutMs / 1000)}s` });
      // Pages a crawl reads go first: the links they hold are found (and their slow answers awaited) sooner.
      const keepLinks = collectLinks?.(current) ?? false;
      const priority: RequestPriority = method === 'GET' && keepLinks ? 'first' : 'normal';
      // A page that answers 2xx is read as it arrives.
      let page: HtmlPageReader | undefined;
      const hopUrl = current;
      const reader = (status: number) => (status >= 200 && status < 300 ? (page = htmlPageReader({ baseUrl: hopUrl, parent: hopUrl, links: keepLinks })) : undefined);
      let { outcome, rateLimited } = await this.requestWithRetries(target, method, budget, priority, reader);
      if (method === 'HEAD' && (!outcome.ok ? outcome.reason === 'connection' : HEAD_LIES(outcome.answer.status)) && budget.remainingMs > 0) {
        method = 'GET';
        ({ outcome, rateLimited } = await this.requestWithRetries(target, method, budget, priority, reader));
      }
      if (!outcome.ok) return end('broken', outcome.reason, { detail: outcome.message, failedHost: target.host });
      const answer = outcome.answer;
      chain.push({ url: current, status: answer.status });

      const next = redirectTarget(answer, current);
      if (next === null) return end('broken', 'invalid-url', { detail: `redirects to an unreadable address: ${answer.headers.location}` });
      if (next !== undefined) {
        current = next;
        continue;
      }
      return this.judge(url, current, chain, answer, rateLimited, answer.read ? page : undefined, keepLinks, probe);
    }
  }

  private async judge(url: string, finalUrl: string, chain: LinkHop[], answer: HttpAnswer, rateLimited: boolean, reader: HtmlPageReader | undefined, keepLinks: boolean, probe: boolean): Promise<Omit<DocumentResult, 'ms'>> {
    const base = { chain, finalUrl, status: answer.status, contentType: answer.contentType, html: answer.body !== undefined || reader !== undefined, truncated: answer.truncated, bodyHash: answer.bodyHash };
    if (isBotWall(answer)) return { ...base, state: 'blocked', reason: 'bot-wall', detail: 'a bot wall answered; a person may get through' };
    if (answer.status === 429 || (answer.status === 503 && rateLimited)) return { ...base, state: 'blocked', reason: 'rate-limited', detail: `still ${answer.status} after waiting as asked` };
    if (statusIsBroken(answer.status, this.policy.brokenStatuses)) return { ...base, state: 'broken', reason: 'status' };
    if (answer.bomb) return { ...base, state: 'broken', reason: 'too-large', detail: `the body expands to over ${this.policy.maxBodyBytes} bytes from a few on the wire` };
    if (!base.html) return { ...base, state: 'ok' };

    const page = reader ? reader.end() : parseHtml(answer.body ?? '', { baseUrl: finalUrl, parent: finalUrl, links: keepLinks });
    const result = { ...base, anchors: page.anchors, title: page.title, page: keepLinks ? page : undefined };
    if (this.policy.soft404 && answer.status >= 200 && answer.status < 300) {
      const look = { url, finalUrl, status: answer.status, chain, title: page.title, headings: page.headings, text: page.text };
      const fingerprint = probe && this.policy.soft404Probe ? await this.probe(finalUrl) : undefined;
      const verdict = detectSoft404(look, fingerprint);
      if (verdict.soft404) return { ...result, state: 'broken', reason: 'soft-404', detail: verdict.why };
      if (this.policy.render && isScriptShell(page)) {
        const rendered = await (await this.pageRenderer()).look(finalUrl);
        const drawn = rendered && detectSoft404({ ...look, title: rendered.title, headings: rendered.headings, text: rendered.text }, fingerprint);
        if (drawn?.soft404) return { ...result, state: 'broken', reason: 'soft-404', detail: `drawn by script: ${drawn.why}` };
      }
    }
    return { ...result, state: 'ok' };
  }

  private pageRenderer(): Promise<PageRenderer> {
    return (this.renderer ??= import('./render-page.js').then(({ PageRenderer }) => new PageRenderer(this.policy.requestTimeoutMs)));
  }

  /**
   * How the host of `url` answers an address that cannot exist (once per origin), under
   * `siteBase`'s path when the site lives under one and `url` is in it.
   */
  probe(url: string, siteBase?: string): Promise<ProbeFingerprint | undefined> {
    let origin: string;
    let under = '';
    try {
      const target = new URL(url);
      origin = target.origin;
      under = (siteBase && basePath(siteBase, target)) || '';
    } catch {
      return Promise.resolve(undefined);
    }
    const key = origin + under;
    let probe = this.probes.get(key);
    if (!probe) {
      const random = `${key}/${Math.random().toString(36).slice(2, 10)}-no-such-page/${Math.random().toString(36).slice(2, 10)}.html`;
      probe = this.probeOnce(random);
      this.probes.set(key, probe);
    }
    return probe;
  }

  private async probeOnce(url: string): Promise<ProbeFingerprint | undefined> {
    const chain: LinkHop[] = [];
    let current = url;
    for (let hop = 0; hop <= this.policy.maxRedirects; hop++) {
      const { outcome } = await this.requestWithRetries(new URL(current), 'GET', { remainingMs: this.policy.requestTimeoutMs, requestMs: 0 }, 'first');
      if (!outcome.ok) return undefined;
      const answer = outcome.answer;
      chain.push({ url: current, status: answer.status });
      const next = redirectTarget(answer, current);
      if (next === null) return undefined;
      if (next !== undefined) {
        current = next;
        continue;
      }
      const page = answer.body !== undefined ? parseHtml(answer.body, { baseUrl: current, links: false }) : undefined;
      return fingerprint({ url, finalUrl: current, status: answer.status, title: page?.title ?? '', text: page?.text ?? '' });
    }
    return undefined;
  }

  /** One hop, asked again while the host says 429/503 with a Retry-After within the policy's bound. */
  private async requestWithRetries(target: URL, method: 'HEAD' | 'GET', budget: Budget, priority: RequestPriority, reader?: HttpOptions['reader']): Promise<{ outcome: HttpOutcome; rateLimited: boolean }> {
    let rateLimited = false;
    const host = target.host;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.health.whenKnown(host, () => {
        // A host remembered as unreachable gets its reason at once, without a request.
        const known = this.health.remembered(host);
        if (known) return Promise.resolve(this.rememberedOutcome(host, known));
        return this.limiter.run(host, async () => {
          const again = this.health.remembered(host);
          if (again) return this.rememberedOutcome(host, again);
          this.requests++;
          const started = performance.now();
          const timeoutMs = Math.max(1, Math.ceil(Math.min(this.policy.requestTimeoutMs, budget.remainingMs)));
          const starts = this.inFlight.get(host) ?? [];
          starts.push(started);
          this.inFlight.set(host, starts);
          try {
            // A page whose answer came in time is read whole within what is left of the address's budget.
            const bodyTimeoutMs = Math.max(timeoutMs, Math.ceil(budget.remainingMs));
            const done = await httpRequest(target.href, { method, agent: this.agent, timeoutMs, bodyTimeoutMs, maxBodyBytes: this.policy.maxBodyBytes, userAgent: this.policy.userAgent, reader });
            if (done.ok) {
              this.health.answered(host);
              return done;
            }
            const seen = this.health.failed(host, done.reason, done.message);
            return { ok: false, reason: seen.reason, message: seen.detail } satisfies HttpOutcome;
          } finally {
            const took = performance.now() - started;
            budget.remainingMs -= took;
            budget.requestMs += took;
            starts.splice(starts.indexOf(started), 1);
            if (!starts.length) this.inFlight.delete(host);
          }
        }, priority);
      });
      if (!outcome.ok || (outcome.answer.status !== 429 && outcome.answer.status !== 503)) return { outcome, rateLimited };
      const wait = retryAfterMs(outcome.answer.headers['retry-after'], outcome.answer.status);
      if (wait === undefined) return { outcome, rateLimited };
      rateLimited = true;
      if (attempt >= this.policy.maxRetries || wait > this.policy.retryAfterMaxMs || wait >= budget.remainingMs) return { outcome, rateLimited };
      budget.remainingMs -= wait;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** An HTML page with next to no words of its own: what readers see is drawn by scripts. */
function isScriptShell(page: HtmlPage): boolean {
  return page.text.split(/\s+/).filter(Boolean).length < 20;
}

/** Milliseconds a Retry-After asks for (seconds or an HTTP date); a 429 without one waits a second. */
export function retryAfterMs(header: string | undefined, status: number): number | undefined {
  if (header === undefined || header.trim() === '') return status === 429 ? 1000 : undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}


/** Where a redirect points: the next address, null when its Location cannot be read, undefined when the answer is no redirect. */
function redirectTarget(answer: HttpAnswer, current: string): string | null | undefined {
  const location = answer.headers.location;
  if (answer.status < 300 || answer.status >= 400 || !location) return undefined;
  return URL.canParse(location, current) ? new URL(location, current).href : null;
}
