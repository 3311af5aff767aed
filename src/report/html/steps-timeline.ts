import { formatDuration } from '../../core/duration.js';
import type { Attachment, StepResult } from '../../model/report.js';
import { badge } from './badges.js';
import { displayFile, type HtmlContext } from './context.js';
import { esc, evidenceHref } from './escape.js';

/** A journey's steps in order: status, time, YAML line, error, screenshots (click to enlarge). */
export function stepsTimeline(steps: StepResult[], context: HtmlContext): string {
  if (!steps.length) return '<p class="meta">No steps were recorded.</p>';
  return `<ol class="timeline steps" aria-label="Steps">${steps.map((s) => stepItem(s, context)).join('\n')}</ol>`;
}

function stepItem(s: StepResult, context: HtmlContext): string {
  const images = s.attachments.filter((a) => a.contentType.startsWith('image/'));
  const files = s.attachments.filter((a) => !a.contentType.startsWith('image/'));
  return `<li class="step ${esc(s.status)}">${badge(s.status)} <span class="step-title">${esc(s.title)}</span>
<span class="meta">· ${esc(formatDuration(s.durationMs))} · <code>${esc(displayFile(context, s.file))}:${s.line}</code></span>
${s.error ? `<pre class="error">${esc(s.error)}</pre>` : ''}
${s.navigations?.length ? `<p class="meta">Pages opened: ${s.navigations.map((n) => `<code>${esc(n.url)}</code> (HTTP ${n.status})`).join(', ')}</p>` : ''}
${images.length ? `<div class="thumbs">${images.map((a) => thumbnail(a, s.title, context)).join('')}</div>` : ''}
${files.length ? `<p class="meta">Evidence: ${files.map((a) => `<a href="${esc(evidenceHref(a.path))}">${esc(a.name)}</a>`).join(', ')}</p>` : ''}</li>`;
}

/**
 * A screenshot thumbnail; the button opens it large in the page's dialog. Loaded eagerly:
 * full-page screenshots and prints of the report must show every one. In the single-file
 * report the image is inside the page (the dialog reuses it), or a note says where it is.
 */
export function thumbnail(a: Attachment, title: string, context: HtmlContext): string {
  const caption = `data-caption="${esc(`${title}: ${a.name}`)}" aria-label="Enlarge screenshot ${esc(a.name)} of step ${esc(title)}"`;
  if (context.images) {
    const uri = context.images.uris.get(a.path);
    if (!uri) return `<p class="notice thumb-left-out">Screenshot ${esc(a.name)} is not in this single file (size limit): open <code>${esc(a.path)}</code> in the run folder.</p>`;
    return `<button type="button" class="thumb" ${caption}><img src="${esc(uri)}" alt="" width="160" height="100"></button>`;
  }
  const href = esc(evidenceHref(a.path));
  return `<button type="button" class="thumb" data-full="${href}" ${caption}><img src="${href}" alt="" width="160" height="100"></button>`;
}
