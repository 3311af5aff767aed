import { formatDuration } from '../../core/duration.js';
import type { Report } from '../../model/report.js';
import { headline } from '../summary.js';
import { journeyBadge } from './badges.js';
import { journeyId } from './context.js';
import { esc } from './escape.js';

/** The top of the page: the run in one plain sentence, then every journey with its result. */
export function overviewSection(report: Report): string {
  const { summary } = report;
  const linkCount = report.journeys.reduce((sum, j) => sum + (j.links?.length ?? 0), 0);
  const toc = [
    ['#problems', `Problems (${summary.errors ?? summary.findings}${summary.warnings ? `, ${summary.warnings} warnings` : ''})`],
    ['#journeys', `Journeys (${summary.total})`],
    linkCount ? ['#links', `Links (${linkCount})`] : undefined,
    report.strayMails.length ? ['#stray-mail', `Mail for unknown addresses (${report.strayMails.length})`] : undefined,
  ].filter((x): x is string[] => Boolean(x));
  const rows = report.journeys.map(
    (j, i) => `<tr><td>${journeyBadge(j)}</td><td><a href="#${journeyId(i)}">${esc(j.name)}</a></td><td>${j.findings.length || ''}</td><td>${esc(formatDuration(j.durationMs))}</td></tr>`,
  );
  return `<header>
<h1>Journey audit</h1>
<p class="headline" id="headline">${esc(headline(report))}</p>
<p class="meta">Run ${esc(report.runId)} · started ${esc(report.startedAt)} · took ${esc(formatDuration(report.durationMs))}${report.shard ? ` · shard ${report.shard.current} of ${report.shard.total}` : ''} · journey-audit ${esc(report.tool.version)}</p>
${report.errors.length ? `<div role="alert"><p><strong>Problems outside any journey:</strong></p><ul>${report.errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul></div>` : ''}
<nav class="toc" aria-label="Sections"><ul>${toc.map(([href, text]) => `<li><a href="${href}">${esc(text)}</a></li>`).join('')}</ul></nav>
</header>
<section aria-labelledby="all-journeys-title"><h2 id="all-journeys-title" class="visually-hidden">All journeys</h2>
<div class="table-wrap"><table><caption class="visually-hidden">Every journey and its result</caption><thead><tr><th scope="col">Result</th><th scope="col">Journey</th><th scope="col">Problems</th><th scope="col">Time</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div></section>`;
}
