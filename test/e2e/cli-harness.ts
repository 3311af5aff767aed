import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Report } from '../../src/model/report.js';
import { reportProblems } from '../../src/report/report-schema.js';
import { killTree, trackChild } from '../support/child-processes.js';

/** Runs the built CLI as a user would, as a black box, in a temporary project. */

export const BIN = resolve('bin/journey-audit.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A CLI run ends with the test that started it (test/support/setup.ts), or after
 * `timeoutMs` — the whole process tree (Playwright, Chromium) with it, so no sink port or
 * browser outlives it. The default is below the test timeout (vitest.config.ts), so a run
 * that hangs fails with its output rather than as a bare test timeout.
 */
export const CLI_TIMEOUT_MS = 150_000;

export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; onSpawn?: (kill: (signal: NodeJS.Signals) => void) => void; timeoutMs?: number }): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    const child = trackChild(spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { ...process.env, CI: '1', ...options.env } }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => void killTree(child), options.timeoutMs ?? CLI_TIMEOUT_MS);
    options.onSpawn?.((signal) => child.kill(signal));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** A fresh folder with the given files (paths relative to it). */
export function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ja-e2e-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** The newest report.json; every report the suite reads must match the published JSON Schema. */
export function latestReport(project: string, output = 'reports'): Report {
  const report: unknown = JSON.parse(readFileSync(join(project, output, 'latest', 'report.json'), 'utf8'));
  const problems = reportProblems(report);
  if (problems.length) throw new Error(`report.json does not match its schema:\n${problems.join('\n')}`);
  return report as Report;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePromise(address.port) : reject(new Error('no port'))));
    });
  });
}
