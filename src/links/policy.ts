/** What counts as broken, what is left alone, and how hard the checker may knock. Data, not code. */
export interface LinkPolicy {
  /** Final statuses that make a link broken: numbers or classes like `4xx`. */
  brokenStatuses: (number | string)[];
  /** URLs matching any of these are skipped (`/regex/flags` or a substring). */
  exclude: string[];
  /** When not empty, only URLs matching one of these are checked; others are skipped. */
  include: string[];
  /** Whole request (connect, headers, body) per hop. */
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  /** Whole check of one address: every hop, fallback and Retry-After wait. */
  linkTimeoutMs: number;
  maxRedirects: number;
  /** Requests in flight, in all and per host. */
  concurrency: number;
  perHostConcurrency: number;
  /** Requests started per second and host; 0 means no limit. */
  perHostRatePerSecond: number;
  /** Longest Retry-After honoured on 429/503; longer waits end the check as blocked. */
  retryAfterMaxMs: number;
  /** Retries of a 429/503 before giving up. */
  maxRetries: number;
  /** Bytes of a body read (after decompression); the rest is not read. */
  maxBodyBytes: number;
  /** Detect soft 404s from the page's words and redirects to the home page. */
  soft404: boolean;
  /** Also fetch one random path per host and compare its answer with each page's. */
  soft404Probe: boolean;
  /** Render pages whose HTML is a script shell in Chromium, to catch "not found" pages drawn by JavaScript. */
  render: boolean;
  /** Check `#fragment` against ids and names of the target page. */
  checkFragments: boolean;
  userAgent: string;
}

export const DEFAULT_LINK_POLICY: LinkPolicy = {
  brokenStatuses: ['4xx', '5xx'],
  exclude: [],
  include: [],
  requestTimeoutMs: 10_000,
  connectTimeoutMs: 5_000,
  linkTimeoutMs: 30_000,
  maxRedirects: 10,
  concurrency: 32,
  perHostConcurrency: 8,
  perHostRatePerSecond: 0,
  retryAfterMaxMs: 10_000,
  maxRetries: 2,
  maxBodyBytes: 5 * 1024 * 1024,
  soft404: true,
  soft404Probe: true,
  render: false,
  checkFragments: true,
  userAgent: 'Mozilla/5.0 (compatible; journey-audit link check)',
};

export function resolvePolicy(policy: Partial<LinkPolicy> = {}): LinkPolicy {
  const defined = Object.fromEntries(Object.entries(policy).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_LINK_POLICY, ...defined };
}

/** Whether a status is listed in `brokenStatuses` (exactly or by class: `4xx`). */
export function statusIsBroken(status: number, brokenStatuses: readonly (number | string)[]): boolean {
  return brokenStatuses.some((entry) => {
    if (typeof entry === 'number') return entry === status;
    const text = entry.trim().toLowerCase();
    if (/^\dxx$/.test(text)) return Math.floor(status / 100) === Number(text[0]);
    return Number(text) === status;
  });
}
