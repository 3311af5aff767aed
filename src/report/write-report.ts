import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml, renderSingleFileHtml } from './html/report-page.js';
import { loadMailContents } from './html/mail-content.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { Report } from '../model/report.js';

export const REPORT_FILES = { json: 'report.json', html: 'report.html', markdown: 'summary.md', junit: 'junit.xml', singleFile: 'report-single.html' } as const;

/**
 * Writes report.json and its views. Each file appears whole or not at all. report.html
 * (and report-single.html, the same page with its screenshots inside, for e-mail)
 * previews the mails it lists, read from `dir`, with `redact` applied to what it shows
 * of them (the report itself is redacted by the caller).
 */
export async function writeReport(dir: string, report: Report, cwd = process.cwd(), redact?: (text: string) => string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  write(join(dir, REPORT_FILES.json), `${JSON.stringify(report, null, 2)}\n`);
  write(join(dir, REPORT_FILES.markdown), renderMarkdown(report, cwd));
  write(join(dir, REPORT_FILES.junit), renderJunit(report, cwd));
  const mails = await loadMailContents(dir, report, redact);
  write(join(dir, REPORT_FILES.html), renderHtml(report, { cwd, mails }));
  write(join(dir, REPORT_FILES.singleFile), await renderSingleFileHtml(report, dir, cwd, redact, mails));
}

function write(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}
