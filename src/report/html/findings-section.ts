import { FINDING_CODES, type FindingCodeInfo, type Severity } from '../../model/finding-codes.js';
import type { Finding, Report } from '../../model/report.js';
import { ruleCitation } from '../../model/rules.js';
import { badge } from './badges.js';
import { displayFile, journeyId, type HtmlContext } from './context.js';
import { esc, evidenceHref } from './escape.js';

const GROUPS: { severity: Severity; title: string }[] = [
  { severity: 'error', title: 'Errors' },
  { severity: 'warning', title: 'Warnings' },
  { severity: 'info', title: 'For information' },
];

/** Every finding of the run, worst first, each with what to do next. */
export function findingsSection(report: Report, context: HtmlContext): string {
  const all = report.journeys.flatMap((j, i) => j.findings.map((f) => ({ f, journey: j.name, index: i })));
  if (!all.length) return `<section id="problems" aria-labelledby="problems-title"><h2 id="problems-title">Problems</h2><p>No problems found.</p></section>`;
  const groups = GROUPS.map(({ severity, title }) => {
    const items = all.filter((x) => x.f.severity === severity);
    if (!items.length) return '';
    return `<h3>${esc(title)} (${items.length})</h3><ul class="findings">${items
      .map((x) => findingItem(x.f, context, `<a href="#${journeyId(x.index)}">${esc(x.journey)}</a>`))
      .join('\n')}</ul>`;
  });
  return `<section id="problems" aria-labelledby="problems-title"><h2 id="problems-title">Problems</h2>${groups.join('\n')}</section>`;
}

/** One finding: what happened, what to do, the rule it indicates, where, and the evidence. */
export function findingItem(f: Finding, context: HtmlContext, journeyLink?: string): string {
  const info: FindingCodeInfo | undefined = (FINDING_CODES as Record<string, FindingCodeInfo>)[f.code];
  const where = f.location ? `${displayFile(context, f.location.file)}:${f.location.line}` : '';
  const evidence = f.evidence
    .map((path) => {
      const file = `<a href="${esc(evidenceHref(path))}">${esc(path.split('/').pop() ?? path)}</a>`;
      const anchor = context.mailAnchors.get(path);
      return anchor ? `${file} (<a href="#${esc(anchor)}">the email in this report</a>)` : file;
    })
    .join(', ');
  const rule = f.rule ?? info?.rule;
  return `<li class="finding ${esc(f.severity)}">${badge(f.severity)} <strong>${esc(info?.title ?? f.code)}</strong>${journeyLink ? ` — ${journeyLink}` : ''}
<p>${esc(f.message)}</p>
${info?.advice ? `<p class="advice">What to do next: ${esc(info.advice)}</p>` : ''}
<p class="meta">${esc(f.code)}${rule ? ` · rule ${esc(ruleCitation(rule))}` : ''}${f.step ? ` · step “${esc(f.step)}”` : ''}${where ? ` · ${esc(where)}` : ''}${evidence ? ` · evidence: ${evidence}` : ''}</p></li>`;
}
