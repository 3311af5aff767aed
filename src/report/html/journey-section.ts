import { formatDuration } from '../../core/duration.js';
import type { JourneyResult } from '../../model/report.js';
import { journeyBadge } from './badges.js';
import { displayFile, journeyId, type HtmlContext } from './context.js';
import { esc, evidenceHref } from './escape.js';
import { findingItem } from './findings-section.js';
import { mailList } from './mail-section.js';
import { observationsList } from './observations-section.js';
import { stepsTimeline } from './steps-timeline.js';
import { unsubscribeTable } from './unsubscribe-section.js';
import { sideEffectsTable } from './side-effects-section.js';

/** One journey: result, problems, step timeline, mails, unsubscribe verdicts, observations, evidence. */
export function journeySection(j: JourneyResult, index: number, context: HtmlContext): string {
  const id = journeyId(index);
  const retries = j.retries ? ` · ${j.retries} ${j.retries === 1 ? 'retry' : 'retries'}` : '';
  const links = j.links?.length
    ? `<p>${j.links.length} ${j.links.length === 1 ? 'link' : 'links'} checked, ${j.links.filter((l) => l.state === 'broken').length} broken: see <a href="#links">the links table</a> (search for this journey's name).</p>`
    : '';
  return `<section class="journey ${esc(j.status)}" id="${id}" aria-labelledby="${id}-title">
<h2 id="${id}-title">${journeyBadge(j)} ${esc(j.name)}</h2>
<p class="meta"><code>${esc(displayFile(context, j.file))}</code> · ${esc(formatDuration(j.durationMs))}${retries}</p>
${j.error && j.status !== 'passed' ? `<p>${esc(j.error)}</p>` : ''}
${j.status === 'inconclusive' ? `<p class="inconclusive">Could not verify every promise of this journey: nothing was found broken, but part of it could not be checked. ${esc(j.inconclusive ?? '')}</p>` : ''}
${j.findings.length ? `<h3>Problems (${j.findings.length})</h3><ul class="findings">${j.findings.map((f) => findingItem(f, context)).join('\n')}</ul>` : ''}
<h3>Steps</h3>${stepsTimeline(j.steps, context)}
${j.mails.length ? `<h3>Emails received (${j.mails.length})</h3>${mailList(j.mails, context, id)}` : ''}
${links}
${j.unsubscribe?.length ? `<h3>Unsubscribe verdicts</h3>${unsubscribeTable(j.unsubscribe)}` : ''}
${j.observations?.length ? `<h3>Observations</h3>${observationsList(j.observations)}` : ''}
${j.sideEffects?.length ? `<h3>What the audit did on the site (${j.sideEffects.length})</h3>${sideEffectsTable(j.sideEffects)}` : ''}
${j.attachments.length ? `<h3>Other evidence</h3><ul>${j.attachments.map((a) => `<li><a href="${esc(evidenceHref(a.path))}">${esc(a.name)}</a> <span class="meta">(${esc(a.contentType)})</span></li>`).join('')}</ul>` : ''}
</section>`;
}
