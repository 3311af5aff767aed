import type { Report } from '../../model/report.js';
import { headline } from '../summary.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { journeyId, mailId, type HtmlContext } from './context.js';
import { esc } from './escape.js';
import { findingsSection } from './findings-section.js';
import { journeySection } from './journey-section.js';
import { linksSection } from './links-section.js';
import { mailList } from './mail-section.js';
import type { InlineImages } from './inline-images.js';
import { journeysTable, overviewHeader } from './overview-section.js';
import { problemKindsSection } from './problem-kinds-section.js';
import { CSS } from './styles.js';
import { TABLE_LABELS_SCRIPT } from './table-labels-script.js';

/**
 * Nothing loads from the network: images only from the report folder or data:, frames
 * only srcdoc mail previews. Remote images are allowed by this policy only so that a
 * mail preview can show them once the reader clicks "Show remote content"; the preview's
 * own policy blocks them until then, and the page itself never makes remote URLs.
 */
export const REPORT_CSP = "default-src 'none'; img-src data: 'self' file: http: https:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; frame-src 'self'; base-uri 'none'; form-action 'none'";

/**
 * report.html: one file, inline CSS and script; evidence linked relative to the report
 * folder. With `context.images` it is the single-file report: screenshots inside it.
 */
export function renderReportHtml(report: Report, context: Omit<HtmlContext, 'mailAnchors'>): string {
  return page(report, { ...context, mailAnchors: mailAnchors(report) });
}

function mailAnchors(report: Report): Map<string, string> {
  const anchors = new Map<string, string>();
  report.journeys.forEach((j, i) => j.mails.forEach((m, k) => anchors.set(m.path, mailId(journeyId(i), k))));
  report.strayMails.forEach((m, k) => anchors.set(m.path, mailId('stray', k)));
  return anchors;
}

/** In the single-file report: what it carries and what stays in the run folder. */
function singleFileNote(report: Report, images: InlineImages | undefined): string {
  if (!images) return '';
  const carried = images.total - images.left.length;
  const shots =
    images.total === 0
      ? 'It has no screenshots.'
      : images.left.length === 0
        ? `All ${images.total} screenshots are inside it.`
        : `${carried} of ${images.total} screenshots are inside it (screenshots of failed steps first); the other ${images.left.length} were left out to keep it under ${Math.round(images.budgetBytes / 1024 / 1024)} MB of images.`;
  return `<p class="single-note" id="single-note"><strong>Single-file report</strong>: you can e-mail this file on its own. ${esc(shots)} Raw emails and other evidence files stay in the run folder ${esc(report.runId)}.</p>`;
}

function page(report: Report, context: HtmlContext): string {
  const stray = report.strayMails.length
    ? `<section id="stray-mail" aria-labelledby="stray-title"><h2 id="stray-title">Mail for unknown addresses (${report.strayMails.length})</h2><p>These arrived for addresses no journey used: the site may be mailing the wrong person.</p>${mailList(report.strayMails, context, 'stray')}</section>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="referrer" content="no-referrer">
<title>Journey audit: ${esc(headline(report))}</title><style>${CSS}</style></head>
<body><a class="skip" href="#main">Skip to what to fix</a>
${overviewHeader(report, singleFileNote(report, context.images))}
<main id="main">
${problemKindsSection(report)}
${journeysTable(report)}
${findingsSection(report, context)}
<section id="journeys" aria-labelledby="journeys-title"><h2 id="journeys-title" class="visually-hidden">Journeys in detail</h2>
${report.journeys.map((j, i) => journeySection(j, i, context)).join('\n')}
</section>
${linksSection(report)}
${stray}
</main>
<dialog id="lightbox" aria-labelledby="lightbox-caption"><p id="lightbox-caption"></p><img id="lightbox-img" alt=""><button type="button" id="lightbox-close">Close</button></dialog>
<script>${CLIENT_SCRIPT}</script>
<script>${TABLE_LABELS_SCRIPT}</script>
</body></html>
`;
}
