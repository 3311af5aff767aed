import { formatDuration } from '../core/duration.js';
import { esc } from '../report/html/escape.js';
import type { JourneyOverview } from './journey-overview.js';
import type { AlertRow, ObservationRow } from './store.js';

/**
 * The dashboard: one server-rendered page, no script, no CDN. Status is said in words
 * (and a shape), never by colour alone; cards stack at a phone's width.
 */
export interface DashboardData {
  journeys: JourneyOverview[];
  observations: ObservationRow[];
  findingsByDay: { day: number; code: string; count: number }[];
  alerts: AlertRow[];
  csrf: string;
  now: number;
  notice?: string;
  idOfFile: (file: string) => string;
  nameOfFile: (file: string) => string;
}

/** Runs shown in a journey's history strip (flakiness and median use the last 20). */
const STRIP_LENGTH = 12;

const STATUS_WORDS: Record<string, { word: string; mark: string }> = {
  passed: { word: 'Passing', mark: '✓' },
  failed: { word: 'Failing', mark: '✗' },
  error: { word: 'Could not run', mark: '!' },
  flaky: { word: 'Flaky', mark: '~' },
  interrupted: { word: 'Interrupted', mark: '–' },
  running: { word: 'Running', mark: '…' },
  'never-run': { word: 'Not run yet', mark: '·' },
};

function statusWord(status: string): string {
  return STATUS_WORDS[status]?.word ?? status;
}

function when(ms: number | undefined, now: number): string {
  if (ms === undefined) return '—';
  const iso = new Date(ms).toISOString();
  const ago = now - ms;
  const rel = ago >= 0 ? `${formatDuration(Math.max(ago, 1000)).replace(/\.\d+s$/, 's')} ago` : `in ${formatDuration(-ago)}`;
  return `<time datetime="${iso}" title="${iso.replace('T', ' ').slice(0, 16)} UTC">${esc(rel)}</time>`;
}

function renderStrip(shown: JourneyOverview['history']): string {
  return shown
    .slice()
    .reverse()
    .map((r) => {
      const label = `${statusWord(r.status)}, ${new Date(r.startedAt).toISOString().replace('T', ' ').slice(0, 16)} UTC${r.durationMs !== undefined ? `, ${formatDuration(r.durationMs)}` : ''}`;
      const mark = esc(STATUS_WORDS[r.status]?.mark ?? '?');
      return r.reportPath ? `<li><a class="s-${esc(r.status)}" href="/runs/${encodeURIComponent(r.id)}" aria-label="${esc(label)}">${mark}</a></li>` : `<li><span class="s-${esc(r.status)}" role="img" aria-label="${esc(label)}">${mark}</span></li>`;
    })
    .join('');
}

/**
 * A card's parts that do not change with the clock, around the three that do (since, next
 * run, whether the button is disabled). Kept per history the overviews hand out: they keep
 * a journey's history until the journey changes, so a page costs string joins, not rendering.
 */
const cardParts = new WeakMap<object, { csrf: string; parts: readonly [string, string, string, string] }>();

function staticCardParts(j: JourneyOverview, csrf: string): readonly [string, string, string, string] {
  // Compact on purpose: 200 journeys make one page (bench/monitor: size decides when it is usable).
  const shown = j.history.slice(0, STRIP_LENGTH);
  const strip = renderStrip(shown);
  const latest = j.history[0];
  return [
    `<article class="journey" aria-labelledby="j-${esc(j.id)}"><header><h3 id="j-${esc(j.id)}">${esc(j.name)}</h3><p class="status s-${esc(j.status)}"><span aria-hidden="true">${esc(STATUS_WORDS[j.status]?.mark ?? '')}</span> ${esc(statusWord(j.status))}</p></header><dl><div><dt>Since</dt><dd>`,
    `</dd></div><div><dt>Median duration</dt><dd>${j.medianDurationMs === undefined ? '—' : esc(formatDuration(j.medianDurationMs))}</dd></div><div><dt>Flaky</dt><dd>${Math.round(j.flakiness * 100)}%</dd></div><div><dt>Next run</dt><dd>`,
    `</dd></div></dl>${strip ? `<ol class="history" aria-label="Last ${shown.length} runs of ${esc(j.name)}, oldest first">${strip}</ol>` : '<p class="muted">No runs yet.</p>'}<div class="actions">${latest?.reportPath ? `<a href="/runs/${encodeURIComponent(latest.id)}">Latest report</a>` : ''}<form method="post" action="/journeys/${encodeURIComponent(j.id)}/run"><input type="hidden" name="csrf" value="${esc(csrf)}"><button type="submit"`,
    `>Run ${esc(j.name)} now</button></form></div></article>`,
  ];
}

function journeyCard(j: JourneyOverview, data: DashboardData): string {
  let cached = cardParts.get(j.history);
  if (cached?.csrf !== data.csrf) {
    cached = { csrf: data.csrf, parts: staticCardParts(j, data.csrf) };
    cardParts.set(j.history, cached);
  }
  const [head, middle, tail, end] = cached.parts;
  return `${head}${when(j.since, data.now)}${middle}${j.busy ? 'running now' : when(j.nextRunAt, data.now)}${tail}${j.busy ? ' disabled' : ''}${end}`;
}

function observationsSection(data: DashboardData): string {
  if (!data.observations.length) return '<p class="muted">No observation is open.</p>';
  const rows = data.observations
    .map((o) => `<tr><td>${esc(data.nameOfFile(o.journey_file))}</td><td>${esc(o.address)}</td><td>${esc(o.window)}</td><td>${when(Number(o.started_at), data.now)}</td><td>${when(Number(o.closes_at), data.now)}</td><td>${o.mails_seen} ${o.mails_seen === 1 ? 'mail' : 'mails'} in ${o.runs} ${o.runs === 1 ? 'run' : 'runs'}</td></tr>`)
    .join('');
  return `<div class="scroll" tabindex="0" role="region" aria-label="Open observations"><table><caption>Open observations</caption><thead><tr><th scope="col">Journey</th><th scope="col">Address</th><th scope="col">Window</th><th scope="col">Started</th><th scope="col">Closes</th><th scope="col">Seen so far</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function findingsSection(data: DashboardData): string {
  if (!data.findingsByDay.length) return '<p class="muted">No findings in the last 14 days.</p>';
  const days = [...new Set(data.findingsByDay.map((f) => f.day))].sort((a, b) => b - a);
  const codes = [...new Set(data.findingsByDay.map((f) => f.code))].sort();
  const count = new Map(data.findingsByDay.map((f) => [`${f.day}|${f.code}`, f.count]));
  const head = codes.map((c) => `<th scope="col">${esc(c)}</th>`).join('');
  const rows = days.map((d) => `<tr><th scope="row">${new Date(d).toISOString().slice(0, 10)}</th>${codes.map((c) => `<td>${count.get(`${d}|${c}`) ?? 0}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll" tabindex="0" role="region" aria-label="Findings per day by code"><table><caption>Findings per day by code</caption><thead><tr><th scope="col">Day</th>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

function alertsSection(data: DashboardData): string {
  if (!data.alerts.length) return '<p class="muted">No alert sent yet.</p>';
  const rows = data.alerts
    .map((a) => `<tr><td>${when(Number(a.at), data.now)}</td><td>${esc(data.nameOfFile(a.journey_file))}</td><td>${esc(a.event)}</td><td>${esc(a.target)}</td><td>${esc(a.outcome)} after ${a.attempts} ${a.attempts === 1 ? 'try' : 'tries'}${a.detail ? ` (${esc(a.detail)})` : ''}</td></tr>`)
    .join('');
  return `<div class="scroll" tabindex="0" role="region" aria-label="Alert history"><table><caption>Alert history</caption><thead><tr><th scope="col">When</th><th scope="col">Journey</th><th scope="col">Event</th><th scope="col">To</th><th scope="col">Outcome</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function renderDashboard(data: DashboardData): string {
  const counts = new Map<string, number>();
  for (const j of data.journeys) counts.set(j.status, (counts.get(j.status) ?? 0) + 1);
  const summary = [...counts.entries()].map(([s, n]) => `${n} ${statusWord(s).toLowerCase()}`).join(' · ');
  const order = ['failed', 'error', 'flaky', 'inconclusive', 'never-run', 'passed'];
  const journeys = data.journeys.slice().sort((a, b) => (order.indexOf(a.status) + 1 || 9) - (order.indexOf(b.status) + 1 || 9) || a.name.localeCompare(b.name));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>journey-audit monitor</title>
<style>${STYLES}</style>
</head>
<body>
<header class="top"><h1>journey-audit monitor</h1><p>${data.journeys.length} ${data.journeys.length === 1 ? 'journey' : 'journeys'}${summary ? `: ${esc(summary)}` : ''}</p></header>
<main>
${data.notice ? `<p class="notice" role="status">${esc(data.notice)}</p>` : ''}
<section aria-labelledby="h-journeys"><h2 id="h-journeys">Journeys</h2>
${journeys.length ? `<div class="journeys">${journeys.map((j) => journeyCard(j, data)).join('\n')}</div>` : '<p class="muted">No journey is scheduled.</p>'}
</section>
<section aria-labelledby="h-obs"><h2 id="h-obs">Observations</h2>${observationsSection(data)}</section>
<section aria-labelledby="h-findings"><h2 id="h-findings">Findings over time</h2>${findingsSection(data)}</section>
<section aria-labelledby="h-alerts"><h2 id="h-alerts">Alerts</h2>${alertsSection(data)}</section>
</main>
<footer><p>JSON API: <a href="/api/v1/journeys">/api/v1/journeys</a> · <a href="/metrics">/metrics</a> · docs/monitor.md</p></footer>
</body>
</html>`;
}

const STYLES = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;background:#f6f7f9}
.top,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
.top{padding-top:1rem}
h1{font-size:1.5rem;margin:.5rem 0}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
h3{font-size:1.05rem;margin:0;overflow-wrap:anywhere}
.journeys{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:.75rem}
.journey{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:.75rem;min-width:0}
.journey header{display:flex;justify-content:space-between;gap:.5rem;align-items:flex-start}
.status{margin:0;font-weight:600;white-space:nowrap;padding:.1rem .5rem;border-radius:999px;border:1px solid currentColor}
.s-passed{color:#116329}.s-failed{color:#a40e26}.s-error{color:#7d4e00}.s-flaky{color:#7d4e00}.s-interrupted,.s-never-run,.s-running{color:#57606a}
dl{display:grid;grid-template-columns:1fr 1fr;gap:.25rem .75rem;margin:.5rem 0}
dt{font-size:.8rem;color:#57606a}dd{margin:0}
.history{list-style:none;display:flex;flex-wrap:wrap;gap:3px;padding:0;margin:.5rem 0}
.history>li>*{display:inline-flex;align-items:center;justify-content:center;width:24px;height:24px;border-radius:4px;font-size:.8rem;font-weight:700;background:#fff;border:2px solid currentColor;text-decoration:none}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between}
.actions a{color:#0550ae}
button{font:inherit;padding:.4rem .8rem;border-radius:6px;border:1px solid #0550ae;background:#0550ae;color:#fff;cursor:pointer;min-height:44px}
button:disabled{background:#eaeef2;color:#57606a;border-color:#8c959f;cursor:not-allowed}
button:focus-visible,a:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.muted{color:#57606a}
.notice{background:#ddf4ff;border:1px solid #54aeff;padding:.5rem .75rem;border-radius:6px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;background:#fff;width:100%;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
footer{padding:1.5rem 1rem;color:#57606a;font-size:.9rem}
footer a{color:#0550ae}
@media (max-width:30rem){.journeys{grid-template-columns:1fr}}
`;
