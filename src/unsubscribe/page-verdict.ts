/**
 * Has the customer arrived at a confirmation? Judged from what the page shows, not from a
 * word list alone: the unsubscribe form is gone (no unsubscribe or confirm button, no
 * required field, no unticked "unsubscribe" box left), a status statement stands where
 * it was (a heading, role=status or alert), and that statement acknowledges something
 * ("We've received your request", "Ihre Abmeldung ist eingegangen"). Known confirmation
 * wording still counts on its own. Pages that send the customer to their mailbox, log-in
 * walls, CAPTCHAs and error pages are told apart.
 */
import type { TextPattern } from '../core/pattern.js';
import type { FlowControl, PageSnapshot } from './link-flow-page.js';
import { flowWords } from './link-flow-words.js';

export type PageVerdict =
  /** The page says the unsubscribe is done. */
  | 'confirmed'
  /** The customer still has to press, fill in or tick something. */
  | 'still-needs-action'
  /** The page asks the customer to confirm from a mail it sent (one more round trip). */
  | 'confirmation-request'
  | 'login-wall'
  /** A CAPTCHA or "verify you are human". */
  | 'challenge'
  /** The page reports an error (invalid or expired link, something went wrong). */
  | 'error'
  /** Nothing to press, but nothing that says it worked either. */
  | 'unclear';

export interface PageJudgement {
  verdict: PageVerdict;
  /** The statement, words or controls that decided it. */
  evidence: string;
}

export interface JudgeOptions {
  /** The customer already pressed an unsubscribe or confirm button on the way here. */
  acted: boolean;
  /** The journey's own confirmation wording; replaces the built-in words when given. */
  confirmation?: TextPattern;
}

/** The button or link a customer would press to leave: "unsubscribe" words first, then "confirm". */
export function obviousAction(controls: readonly FlowControl[]): FlowControl | undefined {
  const buttonsFirst = [...controls].sort((a, b) => Number(a.kind === 'link') - Number(b.kind === 'link'));
  return buttonsFirst.find((c) => flowWords.isUnsubscribeAction(c.text)) ?? buttonsFirst.find((c) => c.kind !== 'link' && flowWords.isConfirmAction(c.text));
}

/** What is still asked of the customer on this page, if anything. */
function pendingAction(page: PageSnapshot): string | undefined {
  const required = page.fields.find((f) => f.required && f.value === '' && !f.emailLike);
  if (required) return `the required field "${required.label || required.type}"`;
  const box = page.choices.find((c) => !c.checked && flowWords.isUnsubscribeAction(c.label));
  if (box) return `the unticked choice "${box.label}"`;
  const action = obviousAction(page.controls);
  if (action) return `the ${action.kind === 'link' ? 'link' : 'button'} "${action.text}"`;
  return undefined;
}

const quote = (text: string) => `"${text.length > 100 ? `${text.slice(0, 97)}…` : text}"`;

export function judgePage(page: PageSnapshot, opts: JudgeOptions): PageJudgement {
  const isConfirmation = (text: string) => (opts.confirmation ? opts.confirmation.test(text) : flowWords.isConfirmation(text));
  const pending = pendingAction(page);
  // A heading or status message in known confirmation words decides even with buttons left
  // ("You have been unsubscribed" above an optional "unsubscribe from all lists").
  const confirmingStatement = page.statements.find((s) => isConfirmation(s) && !flowWords.isFailure(s));
  if (confirmingStatement) return { verdict: 'confirmed', evidence: `the statement ${quote(confirmingStatement)}` };
  if (!pending && isConfirmation(page.text)) return { verdict: 'confirmed', evidence: opts.confirmation ? 'the journey’s confirmation wording' : 'confirmation wording in the page text' };

  if (page.hasPassword || flowWords.isLoginWall(page.text)) return { verdict: 'login-wall', evidence: page.hasPassword ? 'a password field' : 'log-in wording' };
  if (page.hasCaptchaWidget || flowWords.isHumanCheck(page.text)) return { verdict: 'challenge', evidence: page.hasCaptchaWidget ? 'a CAPTCHA widget' : '"verify you are human" wording' };
  if (opts.confirmation) {
    return pending ? { verdict: 'still-needs-action', evidence: pending } : { verdict: 'unclear', evidence: 'the journey’s confirmation wording is not on the page' };
  }
  const checkMail = page.statements.find((s) => flowWords.isCheckYourMail(s)) ?? (flowWords.isCheckYourMail(page.text) ? 'check your mail' : undefined);
  if (checkMail) return { verdict: 'confirmation-request', evidence: `the page says ${quote(checkMail)}` };
  if (pending) return { verdict: 'still-needs-action', evidence: pending };

  // The form is gone. Known words in the text, or a status statement that acknowledges.
  const failure = page.statements.find((s) => flowWords.isFailure(s));
  if (failure) return { verdict: 'error', evidence: `the statement ${quote(failure)}` };
  const acknowledging = page.statements.find((s) => flowWords.isAcknowledgement(s));
  if (acknowledging && opts.acted) return { verdict: 'confirmed', evidence: `after the click the form is gone and the page states ${quote(acknowledging)}` };
  if (acknowledging && flowWords.isUnsubscribeAction(page.url.replace(/[/?=&_.-]+/g, ' '))) {
    // An unsubscribe address that answers a plain visit with a status and nothing to press.
    return { verdict: 'confirmed', evidence: `the unsubscribe address answers with the statement ${quote(acknowledging)} and nothing to press` };
  }
  if (flowWords.isFailure(page.text)) return { verdict: 'error', evidence: 'error wording in the page text' };
  return { verdict: 'unclear', evidence: page.statements[0] ? `the statement ${quote(page.statements[0])} acknowledges nothing` : 'no status statement' };
}
