import type { UnsubscribeVerdict } from '../../model/report.js';
import { ruleCitation, ruleInfo } from '../../model/rules.js';
import { badge } from './badges.js';
import { esc, evidenceHref } from './escape.js';

const PATH_NAMES: Record<UnsubscribeVerdict['path'], string> = {
  header: 'Unsubscribe header',
  body: 'Link in the email body',
  'one-click': 'One-click unsubscribe',
  mailto: 'Unsubscribe by email',
  link: 'Unsubscribe page',
  reply: 'Replying to the email',
  observation: 'No more mail afterwards',
  dkim: 'Signature over the unsubscribe headers',
};

/** One verdict per way of unsubscribing, with the rules it rests on in plain words. */
export function unsubscribeTable(verdicts: UnsubscribeVerdict[]): string {
  const labels = verdictLabels(verdicts);
  const rows = verdicts.map((v, index) => {
    const rules = v.rules
      .map((id) => {
        const rule = ruleInfo(id);
        return `<p class="rule"><strong>${esc(ruleCitation(id, { problem: v.verdict === 'failed' }))}</strong>${rule ? `: <span class="rule-text">${esc(rule.text)}</span> ${esc(rule.explanation)}` : ''}</p>`;
      })
      .join('');
    const extra = [v.pages !== undefined ? `${v.pages} page(s)` : '', v.actions !== undefined ? `${v.actions} action(s)` : ''].filter(Boolean).join(', ');
    const stopped = v.mailStopped
      ? `<br><span class="meta">${esc(v.mailStopped.stopped ? `Mail to ${v.mailbox ?? 'the customer'} stopped afterwards (watched ${v.mailStopped.window}).` : `Mail to ${v.mailbox ?? 'the customer'} still came afterwards: ${v.mailStopped.mails} email(s) within ${v.mailStopped.window}.`)}</span>`
      : '';
    const evidence = [...v.evidence, ...(v.mailStopped?.evidence ?? [])].map((p) => `<a href="${esc(evidenceHref(p))}">${esc(p.split('/').pop() ?? p)}</a>`).join(', ');
    return `<tr><th scope="row">${esc(labels[index])}</th><td>${badge(v.verdict)}</td><td>${esc(v.summary)}${extra ? ` <span class="meta">(${esc(extra)})</span>` : ''}${stopped}${v.findings.length ? `<br><span class="meta">${esc(v.findings.join(', '))}</span>` : ''}</td><td>${rules || '<span class="meta">—</span>'}</td><td>${evidence}</td></tr>`;
  });
  return `<div class="table-wrap"><table class="verdicts"><caption class="visually-hidden">Unsubscribe verdicts</caption><thead><tr><th scope="col">Way to unsubscribe</th><th scope="col">Verdict</th><th scope="col">What happened</th><th scope="col">Rules</th><th scope="col">Evidence</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}

/**
 * Row labels, never two alike: a way of unsubscribing tried by several steps is named with
 * its step ("Unsubscribe page — audit unsubscribe of “news”"), then numbered if still alike.
 */
export function verdictLabels(verdicts: UnsubscribeVerdict[]): string[] {
  const base = verdicts.map((v) => PATH_NAMES[v.path] ?? v.path);
  const count = (labels: string[], label: string) => labels.filter((l) => l === label).length;
  const withStep = base.map((label, i) => (count(base, label) > 1 && verdicts[i].step ? `${label} — ${verdicts[i].step}` : label));
  const seen = new Map<string, number>();
  return withStep.map((label) => {
    if (count(withStep, label) === 1) return label;
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return `${label} (${n})`;
  });
}
