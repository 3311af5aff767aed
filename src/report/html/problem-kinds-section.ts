import { FINDING_CODES, type FindingCodeInfo, type Severity } from '../../model/finding-codes.js';
import type { Finding, Report } from '../../model/report.js';
import { badge } from './badges.js';
import { journeyId } from './context.js';
import { esc } from './escape.js';

const SEVERITY_RANK: Record<string, number> = { error: 0, warning: 1, info: 2 };
/** Journeys named on a card before "and N more". */
const NAMED_JOURNEYS = 2;

export interface ProblemKind {
  code: string;
  title: string;
  advice?: string;
  severity: Severity;
  findings: Finding[];
  /** Indexes of the journeys that have it, in report order, each once. */
  journeys: number[];
}

/** The run's findings grouped by code, worst first, then the most frequent. */
export function problemKinds(report: Report): ProblemKind[] {
  const kinds = new Map<string, ProblemKind>();
  report.journeys.forEach((j, index) => {
    for (const f of j.findings) {
      const info = (FINDING_CODES as Record<string, FindingCodeInfo>)[f.code];
      let kind = kinds.get(f.code);
      if (!kind) {
        kind = { code: f.code, title: info?.title ?? f.code, advice: info?.advice, severity: f.severity, findings: [], journeys: [] };
        kinds.set(f.code, kind);
      }
      kind.findings.push(f);
      if (rank(f.severity) < rank(kind.severity)) kind.severity = f.severity;
      if (!kind.journeys.includes(index)) kind.journeys.push(index);
    }
  });
  return [...kinds.values()].sort((a, b) => rank(a.severity) - rank(b.severity) || b.findings.length - a.findings.length);
}

/**
 * The first thing a reader sees after the headline: what is broken, grouped by kind, in
 * plain words, with what to do and where. The full list with evidence is in #problems.
 */
export function problemKindsSection(report: Report): string {
  const kinds = problemKinds(report);
  if (!kinds.length) return '';
  const cards = kinds.map((kind) => {
    const names = kind.journeys.slice(0, NAMED_JOURNEYS).map((i) => `<a href="#${journeyId(i)}">${esc(report.journeys[i].name)}</a>`);
    const more = kind.journeys.length - names.length;
    const count = kind.findings.length;
    const where = `in ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
    return `<li class="kind ${esc(kind.severity)}"><h3 class="kind-title">${badge(kind.severity)} ${esc(kind.title)}${count > 1 ? ` <span class="kind-count">(${count}×)</span>` : ''}</h3> <span class="meta kind-where">${where}</span>
${kind.advice ? `<p class="advice"><strong>What to do:</strong> ${esc(kind.advice)}</p>` : ''}</li>`;
  });
  const plural = kinds.length === 1 ? 'kind of problem' : 'kinds of problem';
  return `<section id="fix" aria-labelledby="fix-title"><h2 id="fix-title">What to fix <span class="meta">(${kinds.length} ${plural}; details in <a href="#problems">Problems</a>)</span></h2>
<ul class="kinds">${cards.join('\n')}</ul></section>`;
}

function rank(severity: string): number {
  return SEVERITY_RANK[severity] ?? 3;
}
