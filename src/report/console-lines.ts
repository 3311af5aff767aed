import { relative } from 'node:path';
import type { Finding, JourneyResult, Report } from '../model/report.js';
import { headline } from './summary.js';

/**
 * What `journey-audit run` prints, as pure functions of the report model: one line per
 * journey as it ends, and at the end the findings table and where the report is.
 */

const MARKS: Record<JourneyResult['status'], string> = { passed: '✓', failed: '✗', flaky: '!', inconclusive: '?', skipped: '-' };

/** "  ✗ failed  Reader unsubscribes (4.1s)  The newsletter still arrived… (+1 more)" */
export function journeyLine(journey: Pick<JourneyResult, 'name' | 'status' | 'durationMs' | 'findings' | 'error'>, width?: number): string {
  const first = journey.findings.find((f) => f.severity === 'error') ?? journey.findings[0];
  const more = journey.findings.length > 1 ? ` (+${journey.findings.length - 1} more)` : '';
  const story = first ? oneLine(first.message) : journey.status === 'failed' || journey.status === 'skipped' ? oneLine(journey.error ?? '') : '';
  const head = `  ${MARKS[journey.status]} ${journey.status.padEnd(7)} ${journey.name} (${seconds(journey.durationMs)})`;
  return fit(story ? `${head}  ${story}${more}` : head, width);
}

/** The end of a run: the headline, one row per finding (journey, code, where, what), the report's place. */
export function summaryLines(report: Report, reportFile: string, cwd = process.cwd(), width?: number): string[] {
  const rows = report.journeys.flatMap((j) => j.findings.map((f) => [j.name, f.code, where(f, j, cwd), oneLine(f.message)]));
  const lines = ['', `journey-audit: ${headline(report)}`];
  if (rows.length) {
    const header = ['journey', 'problem', 'where', 'what happened'];
    const widths = [0, 1, 2].map((i) => Math.min(40, Math.max(header[i].length, ...rows.map((r) => r[i].length))));
    // A long path keeps its end (file and line); names and codes keep their start.
    const row = (cells: string[]) => fit(`  ${cells.map((c, i) => (i < 3 ? (i === 2 ? cutStart(c, widths[i]) : cut(c, widths[i])).padEnd(widths[i]) : c)).join('  ')}`, width);
    lines.push('', row(header), ...rows.map(row), '');
  }
  lines.push(`journey-audit: report written to ${reportFile}`);
  return lines;
}

function where(finding: Finding, journey: JourneyResult, cwd: string): string {
  const file = finding.location?.file || journey.file;
  if (!file) return '';
  // A journey outside the current folder (the demo's bundled ones) is named by its folder and file.
  const fromHere = relative(cwd, file) || file;
  const path = fromHere.startsWith('..') ? file.split(/[\\/]/).slice(-2).join('/') : fromHere;
  return finding.location?.line ? `${path}:${finding.location.line}` : path;
}

export function seconds(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

function oneLine(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '').replace(/\s+/g, ' ').trim();
}

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}

function cutStart(text: string, width: number): string {
  return text.length > width ? `…${text.slice(text.length - width + 1)}` : text;
}

/** On a terminal, a line never wraps; in CI logs (no width) it stays whole. */
function fit(line: string, width?: number): string {
  return width && line.length > width ? cut(line, width) : line;
}
