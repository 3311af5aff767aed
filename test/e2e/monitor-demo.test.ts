import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_EXPECTATIONS, endedAsMeant } from '../../src/demo/demo-expectations.js';
import type { FindingCode } from '../../src/model/finding-codes.js';
import type { Outcome } from '../../src/model/report.js';
import { descendants, trackChild } from '../support/child-processes.js';
import { BIN, tempProject } from './cli-harness.js';
import { openSqliteFile } from '../../src/monitor/sqlite-file.js';

/**
 * `journey-audit monitor --demo` (what `npm run monitor:demo` runs) end to end: the built CLI,
 * the real demo sites on free ports, their mail to the monitor's own sink, every bundled
 * journey in real Chromium. Each journey must get a finished run at start and end the way
 * `journey-audit demo` says it should (DEMO_EXPECTATIONS, which test/e2e/demo.test.ts holds
 * the demo to); then Ctrl-C twice during a run: exit 0, no process left.
 */

type Journey = { id: string; name: string; status: string; running: boolean; history: { id: string; status: string; report?: string }[] };

let project: string | undefined;
/** Every process the monitor started, with its start time (a pid can be reused). */
const seen = new Map<number, string>();

const startTime = (pid: number): string | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : fields[19];
  } catch {
    return undefined;
  }
};
const stillThere = () => [...seen].filter(([pid, started]) => startTime(pid) === started).map(([pid]) => pid);

afterAll(() => {
  for (const pid of stillThere()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  if (project) rmSync(project, { recursive: true, force: true });
});

async function api<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  return (await response.json()) as T;
}

describe('journey-audit monitor --demo', () => {
  it('starts the demo sites, runs every bundled journey at once with the outcome the demo shows, and stops cleanly on Ctrl-C', { timeout: 900_000 }, async () => {
    project = tempProject({});
    const child = trackChild(spawn(process.execPath, [BIN, 'monitor', '--demo', '--port', '0', '--data-dir', 'data'], { cwd: project, env: { ...process.env, CI: '1' } }));
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const watcher = setInterval(() => {
      for (const pid of descendants(child.pid!)) if (!seen.has(pid)) seen.set(pid, startTime(pid) ?? '');
    }, 250);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`monitor did not start:\n${output}`)), 120_000);
        const poll = setInterval(() => {
          const match = /dashboard (http:\/\/\S+?)\/?\n/.exec(output);
          if (match) {
            clearTimeout(timer);
            clearInterval(poll);
            resolve(match[1]);
          }
        }, 100);
        void exit.then(() => reject(new Error(`monitor exited:\n${output}`)));
      });
      expect(output).toMatch(/demo sites: bookshop \(good\) http:\/\/127\.0\.0\.1:\d+/);
      expect(output).toMatch(/journeys {2}17 scheduled from .*journeys\/demo\.monitor\.yaml/);

      // Every bundled journey has a finished run without anyone pressing "run now".
      const names = Object.keys(DEMO_EXPECTATIONS);
      const end = Date.now() + 780_000;
      let journeys: Journey[] = [];
      for (;;) {
        ({ journeys } = await api<{ journeys: Journey[] }>(`${url}/api/v1/journeys`));
        if (journeys.length === names.length && journeys.every((j) => j.history.some((r) => r.status !== 'running'))) break;
        if (Date.now() > end) throw new Error(`not every demo journey finished a run in time: ${JSON.stringify(journeys.map((j) => [j.id, j.status]))}\n${output}`);
        await new Promise((r) => setTimeout(r, 2000));
      }
      expect(journeys.map((j) => j.name).sort()).toEqual([...names].sort());

      // The same outcome `journey-audit demo` reports for each journey: status and findings.
      const outcomes: string[] = [];
      for (const journey of journeys) {
        const run = journey.history.find((r) => r.status !== 'running')!;
        const detail = await api<{ status: Outcome; findings: { code: FindingCode }[]; error?: string }>(`${url}/api/v1/runs/${encodeURIComponent(run.id)}`);
        const expected = DEMO_EXPECTATIONS[journey.name];
        outcomes.push(`${journey.name}: ${detail.status}${endedAsMeant(detail, expected) ? '' : ` (expected ${expected.status} with ${expected.findings?.join(', ') ?? 'no finding'}; got ${detail.findings.map((f) => f.code).join(', ')} ${detail.error ?? ''})`}`);
      }
      expect(outcomes).toEqual(journeys.map((j) => `${j.name}: ${DEMO_EXPECTATIONS[j.name].status}`));
      const first = journeys[0].history[0];
      expect((await fetch(`${url}${first.report}`)).status).toBe(200);

      // Ctrl-C while a journey runs, twice (an impatient user): the second must not cut the stop short.
      expect((await fetch(`${url}/api/v1/journeys/newsletter-delayed-within-window/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(202);
      const running = Date.now() + 120_000;
      while (!(await api<Journey>(`${url}/api/v1/journeys/newsletter-delayed-within-window`)).running) {
        if (Date.now() > running) throw new Error('the run did not start');
        await new Promise((r) => setTimeout(r, 200));
      }
      await new Promise((r) => setTimeout(r, 2000)); // its process (and browser) are under way
      expect(seen.size).toBeGreaterThan(0);
      child.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 100));
      child.kill('SIGINT');
      expect(await exit, output.slice(-3000)).toBe(0);
      expect(output).toContain('SIGINT: stopping');
      expect(output).toContain('SIGINT: already stopping');
      expect(stillThere(), 'processes the monitor started that outlived it').toEqual([]);
      // The run cut by the stop is recorded as interrupted (no status change, no alert).
      const db = openSqliteFile(join(project, 'data', 'monitor.sqlite'), { readonly: true });
      try {
        const cut = db.prepare("select status, trigger from runs where journey_file like '%newsletter-delayed-within-window.journey.yaml' order by started_at desc limit 1").get();
        expect(cut).toEqual({ status: 'interrupted', trigger: 'manual' });
      } finally {
        db.close();
      }
      const sites = [...output.matchAll(/\((?:good|[a-z0-9-]+)\) (http:\/\/127\.0\.0\.1:\d+)/g)].map((m) => m[1]);
      expect(sites.length).toBeGreaterThan(5);
      for (const site of sites) await expect(fetch(site), `${site} still answers`).rejects.toThrow();
    } finally {
      clearInterval(watcher);
    }
  });
});

describe('the README says how', () => {
  it('names npm run monitor:demo, which package.json runs as monitor --demo', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = /## Watch your funnels\n([^]*?)\n## /.exec(readme)?.[1] ?? '';
    expect(section).toContain('npm run monitor:demo');
    expect(section).toContain('docs/monitor.md');
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['monitor:demo']).toMatch(/journey-audit\.js monitor --demo$/);
  });
});
