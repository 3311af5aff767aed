import type { TextPattern } from '../../core/pattern.js';
import type { BodyAudit, HeaderAudit } from '../../unsubscribe/index.js';
import type { StepContext } from '../step-context.js';
import { recordPath } from './path-result.js';

/** The customer clicks the unsubscribe link and walks the pages behind it in the browser. */
export async function auditLinkPath(
  ctx: StepContext,
  header: HeaderAudit,
  body: BodyAudit,
  email: string,
  confirmation: TextPattern | undefined,
  evidence: string[],
): Promise<number> {
  const url = body.unsubscribeLinks[0]?.url ?? header.uris.http[0];
  if (!url) {
    return recordPath(ctx, 'link', { verdict: 'not-offered', summary: 'There is no unsubscribe link to follow.', problems: [], evidence, rules: ['GOOGLE-1'] });
  }
  const { walkUnsubscribeFlow } = await import('../../unsubscribe/link-flow.js');
  const flow = await walkUnsubscribeFlow(ctx.page, url, { email, timeoutMs: ctx.timeoutMs, confirmation });
  const shots: string[] = [];
  for (const shot of flow.screenshots) shots.push(await ctx.attach(shot.name, shot.png, 'image/png'));
  const steps = `${flow.pages} page${flow.pages === 1 ? '' : 's'} and ${flow.actions} action${flow.actions === 1 ? '' : 's'}`;
  const problems = [...flow.problems];
  if (!flow.reachedConfirmation && problems.length === 0) {
    problems.push({ code: 'UNSUB_EXTRA_STEPS', message: `Following the unsubscribe link never reached a confirmation after ${steps}${flow.lastPage ? ` (the last page: ${flow.lastPage.evidence})` : ''}.`, rule: 'CFR316.5' });
  }
  const warningsOnly = problems.every((p) => p.code === 'UNSUB_CONFIRMSHAMING' || p.code === 'UNSUB_CONFIRM_ROUND_TRIP');
  return recordPath(ctx, 'link', {
    verdict: flow.confirmByMail && warningsOnly ? 'inconclusive' : !warningsOnly || !flow.reachedConfirmation ? 'failed' : 'passed',
    summary: flow.reachedConfirmation
      ? `Unsubscribing from the link took ${steps} to reach a confirmation (${flow.lastPage?.evidence ?? 'confirmation wording'}).`
      : flow.confirmByMail
        ? `After ${steps} the page asks the customer to confirm from a mail it sends; an auditReplies step answers that mail and shows whether leaving worked.`
        : `Unsubscribing from the link did not reach a confirmation (${steps}${flow.lastPage ? `; the last page: ${flow.lastPage.evidence}` : ''}).`,
    problems,
    evidence: [...evidence, ...shots],
    rules: ['CFR316.5'],
    pages: flow.pages,
    actions: flow.actions,
  });
}
