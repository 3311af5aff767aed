import { formatDuration } from '../../core/duration.js';
import type { ObservationRecord } from '../../model/report.js';
import { badge } from './badges.js';
import { esc, evidenceHref } from './escape.js';

/** "No more mail" observations as timelines: start, every mail that still came, the window's end. */
export function observationsList(observations: ObservationRecord[]): string {
  return observations.map(observation).join('\n');
}

function observation(o: ObservationRecord): string {
  const filters = Object.entries(o.filters).map(([k, v]) => `${k}: ${v}`).join(', ');
  const mails = o.mails.map(
    (m) => `<li class="failed"><strong>+${esc(formatDuration(m.offsetMs))}</strong> mail arrived: “${esc(m.subject)}” from ${esc(m.from)} <span class="meta">(${esc(m.receivedAt)})</span>${m.path ? ` · <a href="${esc(evidenceHref(m.path))}" download>raw email</a>` : ''}</li>`,
  );
  return `<div class="observation"><h4>${badge(o.status)} Mail to ${esc(o.address)} for ${esc(o.window)}${filters ? ` <span class="meta">(${esc(filters)})</span>` : ''}</h4>
<ol class="timeline" aria-label="Observation of ${esc(o.address)}">
<li><strong>${esc(o.startedAt)}</strong> observation started</li>
${mails.join('\n')}
<li class="${o.status === 'passed' ? 'passed' : ''}"><strong>${esc(o.closesAt)}</strong> window ${o.status === 'open' ? 'closes' : 'closed'}${o.mails.length ? '' : ': no mail arrived'}</li>
</ol>${o.runs.length > 1 ? `<p class="meta">Observed across ${o.runs.length} runs: ${esc(o.runs.join(', '))}</p>` : ''}</div>`;
}
