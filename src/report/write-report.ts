import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { Report } from './model.js';

export const REPORT_FILES = { json: 'report.json', html: 'report.html', markdown: 'summary.md', junit: 'junit.xml' } as const;

/** Writes report.json and its views. Each file appears whole or not at all. */
export function writeReport(dir: string, report: Report): void {
  mkdirSync(dir, { recursive: true });
  write(join(dir, REPORT_FILES.json), `${JSON.stringify(report, null, 2)}\n`);
  write(join(dir, REPORT_FILES.markdown), renderMarkdown(report));
  write(join(dir, REPORT_FILES.junit), renderJunit(report));
  write(join(dir, REPORT_FILES.html), renderHtml(report));
}

function write(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}
