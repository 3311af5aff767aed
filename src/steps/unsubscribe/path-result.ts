import { FINDING_CODES, type FindingCode } from '../../model/finding-codes.js';
import type { UnsubscribePath, UnsubscribeVerdict } from '../../model/report.js';
import type { StepContext } from '../step-context.js';

export interface PathProblem {
  code: FindingCode;
  message: string;
  rule?: string;
  /** Added to the finding's details (e.g. `quote`: the sentence that proves it). */
  details?: Record<string, unknown>;
}

/**
 * Records one path's verdict and its problems as findings; returns how many problems are
 * errors (which fail the step).
 */
export function recordPath(
  ctx: StepContext,
  path: UnsubscribePath,
  outcome: { verdict: UnsubscribeVerdict['verdict']; summary: string; problems: PathProblem[]; evidence: string[]; rules?: string[]; pages?: number; actions?: number } & Pick<UnsubscribeVerdict, 'listId' | 'signatures'>,
): number {
  const rules = new Set(outcome.rules ?? []);
  for (const problem of outcome.problems) {
    const rule = problem.rule ?? ruleOf(problem.code);
    if (rule) rules.add(rule);
    ctx.addFinding({ code: problem.code, message: problem.message, rule, evidence: outcome.evidence, details: { path, ...problem.details } });
  }
  ctx.recordVerdict({
    path,
    verdict: outcome.verdict,
    summary: outcome.summary,
    rules: [...rules],
    findings: outcome.problems.map((p) => p.code),
    evidence: outcome.evidence,
    pages: outcome.pages,
    actions: outcome.actions,
    ...(outcome.listId && { listId: outcome.listId }),
    ...(outcome.signatures && { signatures: outcome.signatures }),
  });
  return outcome.problems.filter((p) => FINDING_CODES[p.code].severity === 'error').length;
}

function ruleOf(code: FindingCode): string | undefined {
  const info = FINDING_CODES[code];
  return 'rule' in info ? info.rule : undefined;
}
