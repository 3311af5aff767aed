/**
 * What each page of an unsubscribe walk tells the audit, decided from what was read of it
 * (pure: no browser): whether the walk ends here, what stands in the customer's way, a
 * button that did nothing, and a path that took more than one page.
 */
import type { FindingCode } from '../model/finding-codes.js';
import type { FlowCheckbox, FlowControl, PageSnapshot } from './link-flow-page.js';
import { flowWords } from './link-flow-words.js';
import type { PageJudgement } from './page-verdict.js';

export interface PageFinding {
  code: FindingCode;
  message: string;
}

/** Page text as the findings quote it: at most 80 characters. */
export const quoted = (text: string) => `"${text.length > 80 ? `${text.slice(0, 77)}…` : text}"`;

/** How far the walk has come, as much as deciding whether it ends needs. */
export interface WalkProgress {
  /** Pages acted on so far (the one being judged not yet counted). */
  pages: number;
  maxPages: number;
  actions: number;
  /** Whether the last click reached the server at all (true before any click). */
  lastClickSent: boolean;
}

export interface WalkEnd {
  /** The page confirmed, or sends the customer to their mailbox to confirm; otherwise the walk gave up. */
  outcome: 'confirmed' | 'confirm-by-mail' | 'gave-up';
  /** The label of the last page's picture, when it gets one. */
  screenshot?: string;
  finding?: PageFinding;
}

/** Whether the walk ends on this page, before the customer does anything on it. */
export function walkEndsAt(judged: PageJudgement, progress: WalkProgress): WalkEnd | undefined {
  if (judged.verdict === 'confirmed') {
    const fake = progress.actions > 0 && !progress.lastClickSent;
    return {
      outcome: 'confirmed',
      screenshot: 'confirmation',
      finding: fake ? { code: 'UNSUB_FAKE_CONFIRMATION', message: 'The page said the unsubscribe was done, but clicking sent nothing to the server: nothing was recorded.' } : undefined,
    };
  }
  if (judged.verdict === 'confirmation-request') {
    const message = `The page sends the customer to their mailbox to confirm (${judged.evidence}): leaving takes a round trip by mail.`;
    return { outcome: 'confirm-by-mail', screenshot: 'check-your-mail', finding: { code: 'UNSUB_CONFIRM_ROUND_TRIP', message } };
  }
  if (progress.pages >= progress.maxPages) {
    return { outcome: 'gave-up', finding: { code: 'UNSUB_EXTRA_STEPS', message: `No confirmation after ${progress.maxPages} pages; the walk stopped there.` } };
  }
  return undefined;
}

/** Boxes ticked in advance that keep the customer subscribed (or sign them up for more). */
export function keptInAdvance(page: PageSnapshot): FlowCheckbox[] {
  return page.choices.filter((box) => box.checked && flowWords.isKeepMe(box.label));
}

/**
 * What stands in the customer's way on page `pageNumber`, in the order they meet it;
 * `stops` when they cannot go on (a login wall, a CAPTCHA, fields beyond the address).
 */
export function pageObstacles(page: PageSnapshot, pageNumber: number): { findings: PageFinding[]; stops: boolean } {
  if (page.hasPassword || flowWords.isLoginWall(page.text)) {
    return { findings: [{ code: 'UNSUB_LOGIN_REQUIRED', message: `The unsubscribe link leads to a login page (${page.url}): customers without a password cannot leave.` }], stops: true };
  }
  if (page.hasCaptchaWidget || flowWords.isHumanCheck(page.text)) {
    return { findings: [{ code: 'UNSUB_EXTRA_STEPS', message: `Page ${pageNumber} asks the customer to prove they are human (CAPTCHA) before unsubscribing.` }], stops: true };
  }
  const findings: PageFinding[] = [];
  const shaming = flowWords.confirmshaming([page.text, ...page.controls.map((c) => c.text)].join('\n'));
  if (shaming) findings.push({ code: 'UNSUB_CONFIRMSHAMING', message: `Page ${pageNumber} guilt-trips the customer: ${quoted(shaming)}.` });

  const extraFields = page.fields.filter((f) => f.required && !f.emailLike && f.value === '');
  if (extraFields.length > 0) {
    const names = extraFields.map((f) => quoted(f.label || f.type)).join(', ');
    findings.push({ code: 'UNSUB_EXTRA_STEPS', message: `Page ${pageNumber} requires more than the e-mail address: ${names}.` });
    return { findings, stops: true };
  }
  const keepMe = keptInAdvance(page);
  if (keepMe.length > 0) {
    const choices = keepMe.length === 1 ? 'a choice' : `${keepMe.length} choices`;
    findings.push({ code: 'UNSUB_EXTRA_STEPS', message: `Page ${pageNumber} has ${choices} made in advance to keep the customer subscribed: ${keepMe.map((b) => quoted(b.label)).join(', ')}.` });
  }
  return { findings, stops: false };
}

/** Pressing `action` sent nothing, went nowhere and changed no text. */
export function deadButton(action: FlowControl, pageNumber: number): PageFinding {
  return { code: 'UNSUB_DEAD_BUTTON', message: `Clicking ${quoted(action.text)} on page ${pageNumber} did nothing: no request was sent and the page did not change.` };
}

/** More than one page to act on is more than leaving may take (16 CFR 316.5). */
export function tooManyPages(pagesActedOn: number, actions: number): PageFinding | undefined {
  if (pagesActedOn <= 1) return undefined;
  return { code: 'UNSUB_EXTRA_STEPS', message: `Unsubscribing took ${pagesActedOn} pages and ${actions} actions; one page is the most it may take.` };
}
