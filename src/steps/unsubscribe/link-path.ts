import type { TextPattern } from '../../core/pattern.js';
import type { BodyAudit, HeaderAudit } from '../../unsubscribe/index.js';
import type { StepContext } from '../step-context.js';
import { judgedLink, mailLabel, mailPart, navigationFailureReason } from '../judged-link.js';
import { recordPath } from './path-result.js';

/** The customer clicks the unsubscribe link and walks the pages behind it in the browser. */
export async function auditLinkPath(
  ctx: StepContext,
  header: HeaderAudit,
  body: BodyAudit,
  email: string,
  confirmation: TextPattern | undefined,
  evidence: string[],
  /** The mail's subject, for the links table. */
  mailSubject?: string,
): Promise<number> {
  const bodyLink = body.unsubscribeLinks[0];
  const url = bodyLink?.url ?? header.uris.http[0];
  if (!url) {
    return recordPath(ctx, 'link', { verdict: 'not-offered', summary: 'There is no unsubscribe link to follow.', problems: [], evidence, rules: ['GOOGLE-1'] });
  }
  const { walkUnsubscribeFlow } = await import('../../unsubscribe/link-flow.js');
  const started = performance.now();
  const flow = await walkUnsubscribeFlow(ctx.page, url, { email, timeoutMs: ctx.timeoutMs, confirmation, screenshot: ctx.screenshot });
  if (mailSubject !== undefined) {
    // The unsubscribe link is judged by walking it: it belongs in the links table too.
    const place = { parent: mailLabel(mailSubject), where: bodyLink ? mailPart(bodyLink.part) : 'List-Unsubscribe header', text: bodyLink?.text ?? 'List-Unsubscribe' };
    const opened = flow.pages > 0 || flow.reachedConfirmation || !flow.error;
    ctx.recordLinks([judgedLink(url, place, { state: opened ? 'ok' : 'broken', reason: opened ? undefined : navigationFailureReason(flow.error ?? ''), ms: performance.now() - started })]);
  }
  const shots: string[] = [];
  for (const shot of flow.screenshots) shots.push(await ctx.attach(shot.name, shot.png, 'image/png'));
  const steps = `${flow.pages} page${flow.pages === 1 ? '' : 's'} and ${flow.actions} action${flow.actions === 1 ? '' : 's'}`;
  const problems = [...flow.problems];
  if (!flow.reachedConfirmation && problems.length === 0) {
    problems.push({ code: 'UNSUB_EXTRA_STEPS', message: `Following the unsubscribe link never reached a confirmation after ${steps}.`, rule: 'CFR316.5' });
  }
  return recordPath(ctx, 'link', {
    verdict: problems.some((p) => p.code !== 'UNSUB_CONFIRMSHAMING') || !flow.reachedConfirmation ? 'failed' : 'passed',
    summary: flow.reachedConfirmation ? `Unsubscribing from the link took ${steps} to reach a confirmation.` : `Unsubscribing from the link did not reach a confirmation (${steps}).`,
    problems,
    evidence: [...evidence, ...shots],
    rules: ['CFR316.5'],
    pages: flow.pages,
    actions: flow.actions,
  });
}
