import type { Report } from '../../model/report.js';
import { loadMailContents, type MailContents } from './mail-content.js';
import { renderReportHtml } from './render.js';
import { inlineImages } from './inline-images.js';

export { REPORT_CSP } from './render.js';

/**
 * report.html for a report. `mails` holds the parsed bodies of the mails it lists (see
 * loadMailContents); without them the page lists mail headers from report.json only.
 */
export function renderHtml(report: Report, options: { cwd?: string; mails?: MailContents } = {}): string {
  return renderReportHtml(report, { cwd: options.cwd ?? process.cwd(), mails: options.mails ?? new Map() });
}

/** report.html with mail previews read from the run folder, secret values masked by `redact`. */
export async function renderHtmlWithMails(report: Report, runDir: string, cwd = process.cwd(), redact?: (text: string) => string): Promise<string> {
  return renderHtml(report, { cwd, mails: await loadMailContents(runDir, report, redact) });
}

/**
 * report-single.html: report.html with its screenshots inside (data: URIs, within a size
 * budget), for people who e-mail the report. Raw mails and other evidence stay linked.
 */
export async function renderSingleFileHtml(report: Report, runDir: string, cwd = process.cwd(), redact?: (text: string) => string, mails?: MailContents): Promise<string> {
  return renderReportHtml(report, { cwd, mails: mails ?? (await loadMailContents(runDir, report, redact)), images: inlineImages(runDir, report) });
}
