import type { HeaderAudit } from '../../unsubscribe/index.js';
import type { ActingMailbox } from '../acting-mailbox.js';
import type { StepContext } from '../step-context.js';
import { recordPath } from './path-result.js';

/** RFC 8058: the POST a mailbox provider sends when the customer presses "Unsubscribe". */
export async function auditOneClickPath(ctx: StepContext, header: HeaderAudit, customer: ActingMailbox, evidence: string[], encoding: 'form' | 'multipart'): Promise<number> {
  const url = header.oneClick.url ?? (header.uris.http.length === 1 ? header.uris.http[0] : undefined);
  if (!url || !header.oneClick.ready) {
    return recordPath(ctx, 'one-click', {
      verdict: 'not-offered',
      summary: 'One-click unsubscribe is not offered, so it was not tried.',
      problems: [],
      evidence,
      rules: ['RFC8058-1'],
    });
  }
  const { postOneClick, formatExchange } = await import('../../unsubscribe/index.js');
  ctx.recordSideEffect({ kind: 'one-click-post', method: 'POST', target: url, mailbox: customer.mailbox, address: customer.address });
  const exchange = await postOneClick(url, { encoding, timeoutMs: Math.min(ctx.timeoutMs, 15_000) });
  const exchangeFile = await ctx.attach('one-click-exchange.txt', formatExchange(exchange), 'text/plain');
  const problems = exchange.problems;
  return recordPath(ctx, 'one-click', {
    verdict: problems.length ? 'failed' : 'passed',
    summary: problems.length ? problems[0].message : `The one-click POST was accepted (HTTP ${exchange.response?.status}).`,
    problems,
    evidence: [...evidence, exchangeFile],
    rules: ['RFC8058-2', 'RFC8058-3'],
  });
}
