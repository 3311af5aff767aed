import type { UnsubscribePath, UnsubscribeVerdict } from '../../model/report.js';
import type { ActingMailbox } from '../acting-mailbox.js';
import type { StepContext } from '../step-context.js';

/** Paths that change the subscriber's state on the site (header and body are only read). */
const ACTING_PATHS: ReadonlySet<UnsubscribePath> = new Set(['one-click', 'mailto', 'link']);

const PATH_WORDS: Partial<Record<UnsubscribePath, string>> = { 'one-click': 'one-click unsubscribe', mailto: 'the unsubscribe email', link: 'the unsubscribe link' };

/**
 * Several ways of unsubscribing tried on one subscriber prove only the first: the later ones
 * act on an address that may already be off the list. Their "passed" becomes "inconclusive"
 * ("not separately proven"); their problems still stand. Each acting path's verdict names the
 * mailbox it acted as, so a later expectNoEmail on that mailbox can say whether the mail stopped.
 */
export function provingEachPathOnce(ctx: StepContext, customer: ActingMailbox): StepContext {
  let first: UnsubscribePath | undefined;
  const recordVerdict = (verdict: UnsubscribeVerdict): void => {
    if (!ACTING_PATHS.has(verdict.path)) return ctx.recordVerdict(verdict);
    const acted = verdict.verdict === 'passed' || verdict.verdict === 'failed';
    let recorded: UnsubscribeVerdict = { ...verdict, mailbox: customer.mailbox };
    if (acted && first && verdict.verdict === 'passed') {
      recorded = {
        ...recorded,
        verdict: 'inconclusive',
        summary: `Not separately proven: tried on the same subscriber after ${PATH_WORDS[first]} had already unsubscribed them, so it may have acted on an address already off the list (give each path its own subscriber). ${verdict.summary}`,
      };
    }
    if (acted) first ??= verdict.path;
    ctx.recordVerdict(recorded);
  };
  return { ...ctx, recordVerdict };
}
