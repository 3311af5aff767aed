import type { LinkResult } from '../model/report.js';

/** A link result with the explanation a person needs ("the title says not found: …"). */
export interface CheckedLink extends LinkResult {
  /** Plain words on why it is not ok, when there is more to say than the reason. */
  detail?: string;
  /** Where the redirects ended, when they went somewhere. */
  finalUrl?: string;
}

/** A page whose links were read during a crawl (or the page a link check started from). */
export interface PageResult {
  url: string;
  /** Clicks from the start page. */
  depth: number;
  state: LinkResult['state'];
  reason?: string;
  status?: number;
  title?: string;
  /** Links found on the page. */
  links: number;
  ms: number;
  /** Other addresses that served this same page (`/index.html` for `/`): read once. */
  aliases?: string[];
}

/** Broken reasons a step or report maps to finding codes. */
export type BrokenReason =
  | 'status' | 'dns' | 'tls' | 'connection' | 'timeout' | 'loop' | 'too-many-redirects'
  | 'soft-404' | 'fragment-missing' | 'invalid-url' | 'too-large'
  /** A fault of journey-audit's own, reported on the link rather than ending the run. */
  | 'error';
/** Why a link was not fetched. */
export type SkipReason = 'excluded' | 'unsubscribe-like' | 'not-http' | 'info';
/** Why a person might get through where the checker did not. */
export type BlockedReason = 'bot-wall' | 'rate-limited';
