import type { LinkResult, LinkState, Report } from '../../model/report.js';
import { esc, jsonBlock } from './escape.js';

/** One row of the links data: [journey, url, text, found in, state, reason, status, ms, hops]. */
export type LinkRow = [number, string, string, string, LinkState, string, number | null, number, number];

export const LINK_COLUMNS = ['State', 'Address', 'Link text', 'Found in', 'HTTP', 'Why', 'Journey', 'Time (ms)'] as const;

/**
 * The links table. Rows travel as JSON and the page script renders one page at a time,
 * so 20,000 links cost one parse, not 20,000 table rows in the document.
 */
export function linksSection(report: Report): string {
  const rows: LinkRow[] = [];
  report.journeys.forEach((j, index) => {
    const subjects = new Map(j.mails.map((m) => [`mail:${m.id}`, m.subject]));
    for (const l of j.links ?? []) {
      const foundIn = foundInLabel(l, subjects);
      rows.push([index, l.url, l.text, foundIn, l.state, l.reason ?? '', l.status ?? null, Math.round(l.ms), l.chain.length]);
    }
  });
  if (!rows.length) return '';
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row[4], (counts.get(row[4]) ?? 0) + 1);
  const states = ['broken', 'blocked', 'skipped', 'ok'].filter((s) => counts.has(s));
  const options = [`<option value="">All (${rows.length})</option>`, ...states.map((s) => `<option value="${s}">${s} (${counts.get(s)})</option>`)];
  const headers = LINK_COLUMNS.map(
    (name, i) => `<th scope="col" aria-sort="none"><button type="button" class="sort" data-col="${i}">${esc(name)}<span aria-hidden="true"></span></button></th>`,
  );
  return `<section id="links" aria-labelledby="links-title"><h2 id="links-title">Links (${rows.length})</h2>
${jsonBlock('links-data', { journeys: report.journeys.map((j) => j.name), rows })}
<div class="controls" role="search" aria-label="Filter links">
<label>Show<select id="links-state">${options.join('')}</select></label>
<label>Search<input id="links-search" type="search" placeholder="address, text, page or journey" autocomplete="off"></label>
</div>
<p id="links-status" aria-live="polite"></p>
<div class="table-wrap"><table class="links-table"><caption class="visually-hidden">Every checked link; sort with the column buttons</caption>
<thead><tr>${headers.join('')}</tr></thead><tbody id="links-body"></tbody></table></div>
<div class="pager"><button type="button" id="links-prev">Previous page</button><button type="button" id="links-next">Next page</button></div>
<p class="print-note">Printed: the rows shown on screen only; report.json lists all ${rows.length} links.</p>
<noscript><p>The links table needs JavaScript; report.json holds every link.</p></noscript>
</section>`;
}

/**
 * "Found in" as a person reads it: the page's title and URL, the mail's subject and part,
 * the PDF's name and page; never an internal id (`mail:<id>` of older reports becomes the subject).
 */
export function foundInLabel(link: Pick<LinkResult, 'parent' | 'parentTitle' | 'where'>, mailSubjects: ReadonlyMap<string, string> = new Map()): string {
  const subject = mailSubjects.get(link.parent);
  const parent = subject !== undefined ? `the email “${subject}”` : link.parentTitle && link.parentTitle !== link.parent ? `${link.parentTitle} — ${link.parent}` : link.parent;
  return link.where ? `${parent} (${link.where})` : parent;
}
