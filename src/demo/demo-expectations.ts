import type { FindingCode } from '../report/finding-codes.js';
import type { Outcome } from '../report/model.js';

/**
 * What each bundled example journey is meant to show. The demo passes when every journey
 * ends this way: the broken sites must be caught, the good ones must pass.
 */
export interface DemoExpectation {
  status: Outcome;
  /** Findings the journey must report (a passing journey must report none at all). */
  findings?: FindingCode[];
  story: string;
}

export const DEMO_EXPECTATIONS: Record<string, DemoExpectation> = {
  'Book buyer takes the online test': { status: 'passed', story: 'the bookshop keeps its promise' },
  'Book buyer finds the online test link dead': { status: 'failed', findings: ['LINK_BROKEN'], story: 'the receipt’s test link is dead' },
  'E-book buyer finds every link in the book working': { status: 'passed', story: 'every link in the e-book and the receipt works' },
  'Book buyer lands on a "not found" page dressed as OK': { status: 'failed', findings: ['LINK_SOFT_404'], story: 'the receipt’s test link is a soft 404' },
  'E-book reader follows the printed test address to a dead site': { status: 'failed', findings: ['LINK_UNREACHABLE'], story: 'the e-book’s printed test address is on a dead domain' },
  'Unsubscribing stops the newsletter': { status: 'passed', story: 'the newsletter honours unsubscribes' },
  'Every way to unsubscribe works': { status: 'passed', story: 'one-click, mailto and the link all work, and the mail stops' },
  'No newsletter for two days after unsubscribing': { status: 'passed', story: 'a two-day observation starts and continues in later runs' },
  'A slow unsubscribe is honoured within the time allowed': { status: 'passed', story: 'a slow site passes when given the time it needs' },
  'Newsletter keeps mailing after unsubscribe': { status: 'failed', findings: ['UNSUB_NOT_HONOURED'], story: 'the unsubscribe is confirmed but ignored' },
  'Newsletter offers no way to unsubscribe': { status: 'failed', findings: ['UNSUB_NO_HEADER', 'UNSUB_NO_LINK'], story: 'no unsubscribe header and no link' },
  'Unsubscribing from one list leaves another one mailing': { status: 'failed', findings: ['UNSUB_NOT_HONOURED'], story: 'a second list keeps mailing' },
  'Unsubscribing requires logging in': { status: 'failed', findings: ['UNSUB_LOGIN_REQUIRED'], story: 'a login wall before unsubscribing' },
  'Unsubscribing takes two pages, pre-ticked boxes and guilt': { status: 'failed', findings: ['UNSUB_EXTRA_STEPS', 'UNSUB_CONFIRMSHAMING'], story: 'two pages, pre-ticked boxes and confirmshaming' },
  'One-click unsubscribe answers with a redirect': { status: 'failed', findings: ['UNSUB_ONE_CLICK_REDIRECT'], story: 'one-click answers with a redirect' },
  'Unsubscribing by email meets a robot, a challenge and a re-subscription': {
    status: 'failed',
    findings: ['REPLY_AUTO_RESPONDER', 'REPLY_CHALLENGE', 'RESUBSCRIBED', 'UNSUB_NOT_HONOURED'],
    story: 'auto-responder, then a challenge that re-subscribes',
  },
  'A slow unsubscribe still lets the next mailing through': { status: 'failed', findings: ['UNSUB_NOT_HONOURED'], story: 'a slow site lets the next mailing through' },
};

/** Whether a journey ended the way the demo means it to. */
export function endedAsMeant(journey: { status: Outcome; findings: { code: FindingCode }[] }, expected: DemoExpectation | undefined): boolean {
  if (!expected || journey.status !== expected.status) return false;
  if (expected.status === 'passed') return journey.findings.length === 0;
  return (expected.findings ?? []).every((code) => journey.findings.some((f) => f.code === code));
}
