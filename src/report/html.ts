import { relative } from 'node:path';
import { formatDuration } from '../core/duration.js';
import { FINDING_CODES } from './finding-codes.js';
import type { Finding, JourneyResult, Report, StepResult } from './model.js';
import { headline, STATUS_WORDS } from './summary.js';

/**
 * report.html: one file, inline CSS, no scripts from anywhere, opens from disk. Evidence
 * (screenshots, raw mails) is linked relative to the report folder.
 */
export function renderHtml(report: Report, cwd = process.cwd()): string {
  const body = [
    `<header><h1>Journey audit</h1><p class="headline">${esc(headline(report))}</p>`,
    `<p class="meta">Run ${esc(report.runId)} · ${esc(report.startedAt)} · ${formatDuration(report.durationMs)}</p></header>`,
    '<main>',
    overview(report),
    ...report.journeys.map((j) => journey(j, cwd)),
    report.strayMails.length ? `<section><h2>Mail for unknown addresses</h2>${mails(report.strayMails)}</section>` : '',
    '</main>',
  ].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'">
<title>Journey audit: ${esc(headline(report))}</title><style>${CSS}</style></head>
<body>${body}</body></html>
`;
}

/** The list a reader scans first: every journey, its result, and a link to its details. */
function overview(report: Report): string {
  if (report.journeys.length < 2) return '';
  const rows = report.journeys.map(
    (j) => `<tr><td><span class="badge ${j.status}">${STATUS_WORDS[j.status]}</span></td><td><a href="#j-${slugId(j.name)}">${esc(j.name)}</a></td><td>${j.findings.length || ''}</td></tr>`,
  );
  return `<section aria-label="All journeys"><table><thead><tr><th scope="col">Result</th><th scope="col">Journey</th><th scope="col">Problems</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function journey(j: JourneyResult, cwd: string): string {
  return `<section class="journey ${j.status}" aria-labelledby="j-${slugId(j.name)}">
<h2 id="j-${slugId(j.name)}"><span class="badge ${j.status}">${STATUS_WORDS[j.status]}</span> ${esc(j.name)}</h2>
<p class="meta">${esc(relative(cwd, j.file))} · ${formatDuration(j.durationMs)}${j.retries ? ` · ${j.retries} retr${j.retries === 1 ? 'y' : 'ies'}` : ''}</p>
${j.findings.length ? `<h3>Problems</h3><ul class="findings">${j.findings.map((f) => finding(f, cwd)).join('')}</ul>` : ''}
<h3>Steps</h3><ol class="steps">${j.steps.map((s) => step(s, cwd)).join('')}</ol>
${j.mails.length ? `<h3>Emails received</h3>${mails(j.mails)}` : ''}
${j.attachments.length ? `<h3>Other evidence</h3><ul>${j.attachments.map((a) => `<li><a href="${attr(a.path)}">${esc(a.name)}</a></li>`).join('')}</ul>` : ''}
</section>`;
}

function finding(f: Finding, cwd: string): string {
  const info = FINDING_CODES[f.code];
  const where = f.location ? `${relative(cwd, f.location.file)}:${f.location.line}` : '';
  const evidence = f.evidence.map((path) => `<a href="${attr(path)}">${esc(path.split('/').pop() ?? path)}</a>`).join(', ');
  return `<li class="finding ${f.severity}"><strong>${esc(info?.title ?? f.code)}</strong><p>${esc(f.message)}</p>
<p class="advice">What to do: ${esc(info?.advice ?? '')}</p>
<p class="meta">${esc(f.code)}${f.rule ? ` · rule ${esc(f.rule)} (an indicator, not a legal conclusion)` : ''}${where ? ` · ${esc(where)}` : ''}${evidence ? ` · evidence: ${evidence}` : ''}</p></li>`;
}

function step(s: StepResult, cwd: string): string {
  const images = s.attachments.filter((a) => a.contentType.startsWith('image/'));
  const files = s.attachments.filter((a) => !a.contentType.startsWith('image/'));
  return `<li class="step ${s.status}"><span class="badge ${s.status}">${esc(s.status)}</span> ${esc(s.title)}
<span class="meta">${esc(relative(cwd, s.file))}:${s.line} · ${formatDuration(s.durationMs)}</span>
${s.error ? `<pre class="error">${esc(s.error)}</pre>` : ''}
${images.map((a) => `<a href="${attr(a.path)}"><img src="${attr(a.path)}" alt="Screenshot: ${attr(s.title)}" loading="lazy"></a>`).join('')}
${files.map((a) => `<a class="file" href="${attr(a.path)}">${esc(a.name)}</a>`).join(' ')}</li>`;
}

function mails(list: Report['strayMails']): string {
  return `<table><thead><tr><th scope="col">Received</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Raw</th></tr></thead><tbody>
${list.map((m) => `<tr><td>${esc(m.receivedAt.slice(11, 19))}</td><td>${esc(m.from)}</td><td>${esc(m.to.join(', '))}</td><td>${esc(m.subject)}</td><td><a href="${attr(m.path)}" download>.eml</a></td></tr>`).join('\n')}
</tbody></table>`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(text: string): string {
  return esc(text).replace(/"/g, '&quot;');
}

function slugId(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

const CSS = `
:root{--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--muted:#57606a;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.45}
body{margin:0 auto;max-width:60rem;padding:1rem;color:#1f2328}
h1{margin:.2rem 0}.headline{font-size:1.25rem;font-weight:600}
.meta{color:var(--muted);font-size:.85rem}
.journey{border:1px solid #d0d7de;border-radius:8px;padding:.5rem 1rem;margin:1rem 0}
.journey.failed{border-left:6px solid var(--bad)}.journey.passed{border-left:6px solid var(--ok)}.journey.flaky{border-left:6px solid var(--warn)}
.badge{display:inline-block;border-radius:1rem;padding:0 .6rem;font-size:.8rem;font-weight:600;color:#fff;background:var(--muted)}
.badge.passed{background:var(--ok)}.badge.failed{background:var(--bad)}.badge.flaky{background:var(--warn)}
.steps li{margin:.3rem 0}.step.not-run{color:var(--muted)}
.step img{display:block;max-width:16rem;border:1px solid #d0d7de;margin:.3rem 0}
.finding{margin:.5rem 0}.finding p{margin:.2rem 0}.advice{font-style:italic}
pre.error{white-space:pre-wrap;background:#fff8f8;border:1px solid #ffcecb;padding:.4rem;font-size:.8rem}
table{border-collapse:collapse;width:100%;font-size:.85rem}td,th{border-bottom:1px solid #d0d7de;padding:.25rem;text-align:left;overflow-wrap:anywhere}
a:focus{outline:3px solid #0969da}
`;
