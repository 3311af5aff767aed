import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import { FINDING_CODES, type FindingCodeInfo } from '../model/finding-codes.js';
import { renderMarkdown } from './markdown.js';
import type { Report } from '../model/report.js';

/** Whether we run inside a GitHub Actions job. */
export function inGitHubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/**
 * GitHub Actions output: summary.md appended to the job summary, and an `::error`
 * annotation at the YAML line of every failing step (`::warning` for warning findings
 * with a location), paths relative to the working directory (the checkout).
 */
export function publishToGitHubActions(report: Report, options: { env?: NodeJS.ProcessEnv; cwd?: string; print?: (line: string) => void; annotate?: boolean } = {}): void {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const print = options.print ?? ((line: string) => console.log(line));
  if (env.GITHUB_STEP_SUMMARY) {
    try {
      appendFileSync(env.GITHUB_STEP_SUMMARY, `${renderMarkdown(report, cwd)}\n`);
    } catch {
      print(`::warning title=journey-audit::could not append to the job summary (${escapeData(env.GITHUB_STEP_SUMMARY)})`);
    }
  }
  if (options.annotate !== false) for (const line of annotations(report, cwd)) print(line);
}

/** The annotation lines, one per failing step and per located warning. */
export function annotations(report: Report, cwd: string): string[] {
  const lines: string[] = [];
  for (const j of report.journeys) {
    const located = new Set<string>();
    for (const step of j.steps.filter((s) => s.status === 'failed')) {
      const finding = j.findings.find((f) => f.location?.line === step.line && f.location.file === step.file) ?? j.findings.find((f) => f.severity === 'error');
      const info = finding ? (FINDING_CODES as Record<string, FindingCodeInfo>)[finding.code] : undefined;
      const message = [finding?.message ?? step.error ?? `step "${step.title}" failed`, info?.advice ? `What to do: ${info.advice}` : ''].filter(Boolean).join('\n');
      lines.push(command('error', { file: path(cwd, step.file), line: step.line, col: step.column, title: `${j.name}: ${info?.title ?? step.title}` }, message));
      located.add(`${step.file}:${step.line}`);
    }
    for (const f of j.findings) {
      if (!f.location || located.has(`${f.location.file}:${f.location.line}`)) continue;
      const info = (FINDING_CODES as Record<string, FindingCodeInfo>)[f.code];
      const level = f.severity === 'error' && j.status === 'failed' ? 'error' : f.severity === 'info' ? 'notice' : 'warning';
      lines.push(command(level, { file: path(cwd, f.location.file), line: f.location.line, col: f.location.column, title: `${j.name}: ${info?.title ?? f.code}` }, f.message));
    }
  }
  return lines;
}

function path(cwd: string, file: string): string {
  const rel = relative(cwd, file).split('\\').join('/');
  return rel && !rel.startsWith('..') ? rel : file;
}

function command(level: string, props: Record<string, string | number | undefined>, message: string): string {
  const list = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${level} ${list}::${escapeData(message)}`;
}

/** Workflow command escaping (actions/toolkit: escapeData / escapeProperty). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
