/**
 * What the walk of an unsubscribe link path concludes: whether the customer reached a
 * confirmation, what it took (pages, actions), what made leaving harder than it may be,
 * and the pictures and requests that show it.
 */
import { findingCode, type FindingCode } from '../model/finding-codes.js';
import type { PageJudgement } from './page-verdict.js';

export interface FlowProblem {
  code: FindingCode;
  message: string;
  rule: string;
}

export interface FlowVerdict {
  reachedConfirmation: boolean;
  /** Pages on which the customer had to do something (the confirmation page is not counted). */
  pages: number;
  /** Clicks, fields filled and boxes unticked. */
  actions: number;
  problems: FlowProblem[];
  /** One per page seen, in order; the caller attaches them. */
  screenshots: { name: string; png: Buffer }[];
  /** `METHOD url` of every request the page made after a click. */
  requests: string[];
  /** Why the walk stopped early (timeout, unreachable page), when it did. */
  error?: string;
  /** How the last page was judged, and why. */
  lastPage?: PageJudgement;
  /** The last page sends the customer to their mailbox to confirm. */
  confirmByMail?: boolean;
}

/** The verdict before the first page: nothing reached, nothing done. */
export function emptyFlowVerdict(): FlowVerdict {
  return { reachedConfirmation: false, pages: 0, actions: 0, problems: [], screenshots: [], requests: [] };
}

/** Adds a problem with its rule; the same code and message twice is one problem. */
export function addFlowProblem(verdict: FlowVerdict, code: FindingCode, message: string): void {
  if (verdict.problems.some((p) => p.code === code && p.message === message)) return;
  verdict.problems.push({ code, message, rule: findingCode(code).rule ?? '' });
}
