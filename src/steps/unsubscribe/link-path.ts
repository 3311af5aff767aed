import type { TextPattern } from '../../core/pattern.js';
import type { BodyAudit, HeaderAudit } from '../../unsubscribe/index.js';
import type { ActingMailbox } from '../acting-mailbox.js';
import type { StepContext } from '../step-context.js';
import { judgedLink, mailLabel, mailPart, navigationFailureReason } from '../judged-link.js';
import { recordPath } from './path-result.js';

/** The customer clicks the unsubscribe link and walks the pages behind it in the browser. */
export async function auditLinkPath(
  ctx: StepContext,
  header: HeaderAudit,
  body: BodyAudit,
  customer: ActingMailbox,
  confirmation: TextPattern | undefined,
  evidence: string[],
  /** The mail's subject, for the links table. */
  mailSubject?: string,
): Promise<number> {
  // A mailto: link in the footer is an email to write, not a page to open: it belongs to the mailto path.
  const bodyLink = body.unsubscribeLinks.find((link) => isWebAddress(link.url));
  const url = bodyLink?.url ?? header.uris.http[0];
  if (!url) {
    const mailtoOnly = body.unsubscribeLinks.some((link) => /^mailto:/i.test(link.url));
    const summary = mailtoOnly
      ? 'The email’s only unsubscribe link is an email address (mailto:), so there is no web page to open; the mailto path covers it.'
      : 'There is no unsubscribe link to follow.';
    return recordPath(ctx, 'link', { verdict: 'not-offered', summary, problems: [], evidence, rules: ['GOOGLE-1'] });
  }
  const { walkUnsubscribeFlow } = await import('../../unsubscribe/link-flow.js');
  const as = { mailbox: customer.mailbox, address: customer.address };
  ctx.recordSideEffect({ kind: 'link-followed', method: 'GET', target: url, ...as });
  const started = performance.now();
  const flow = await walkUnsubscribeFlow(ctx.page, url, { email: customer.address, timeoutMs: ctx.timeoutMs, confirmation, screenshot: ctx.screenshot });
  for (const request of flow.requests) {
    const [method, target] = request.split(' ', 2);
    if (method !== 'GET' && method !== 'HEAD') ctx.recordSideEffect({ kind: 'form-submitted', method, target, ...as });
  }
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

function isWebAddress(url: string): boolean {
  return /^https?:/i.test(url);
}
