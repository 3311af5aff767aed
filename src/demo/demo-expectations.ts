import type { FindingCode } from '../report/finding-codes.js';
import type { Outcome } from '../report/model.js';

/**
 * What each bundled example journey is meant to show. The demo passes when every journey
 * ends this way: the broken sites must be caught, the good ones must pass.
 */
export const DEMO_EXPECTATIONS: Record<string, { status: Outcome; finding?: FindingCode; story: string }> = {
  'Book buyer takes the online test': { status: 'passed', story: 'the bookshop keeps its promise' },
  'Book buyer finds the online test link dead': { status: 'failed', finding: 'LINK_BROKEN', story: 'the receipt’s test link is dead' },
  'E-book buyer finds every link in the book working': { status: 'passed', story: 'every link in the e-book and the receipt works' },
  'Book buyer lands on a "not found" page dressed as OK': { status: 'failed', finding: 'LINK_SOFT_404', story: 'the receipt’s test link is a soft 404' },
  'E-book reader follows the printed test address to a dead site': { status: 'failed', finding: 'LINK_UNREACHABLE', story: 'the e-book’s printed test address is on a dead domain' },
  'Unsubscribing stops the newsletter': { status: 'passed', story: 'the newsletter honours unsubscribes' },
  'Newsletter keeps mailing after unsubscribe': { status: 'failed', finding: 'UNSUB_NOT_HONOURED', story: 'the unsubscribe is confirmed but ignored' },
};
