import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, tempProject } from './cli-harness.js';
import { openSqliteFile } from '../../src/monitor/sqlite-file.js';

/**
 * `journey-audit monitor` end to end: the built CLI as a service, real runs (Chromium) of a
 * journey against a loopback site, a loopback webhook that fails its first tries, `kill -9`
 * in the middle of a run and a restart, and a clean SIGTERM.
 */

let site: Server;
let siteUrl: string;
let siteMode: 'ok' | 'broken' | 'slow' = 'ok';
let hook: Server;
let hookUrl: string;
const hookCalls: { status: number; body: Record<string, unknown> }[] = [];
let project: string;
const monitors: ChildProcess[] = [];

beforeAll(async () => {
  site = createServer((req, res) => {
    const mode = siteMode;
    const answer = () => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(mode === 'broken' ? '<h1>Sorry, the shop is closed</h1>' : '<h1>Welcome to the shop</h1>');
    };
    if (mode === 'slow') setTimeout(answer, 25_000).unref();
    else answer();
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
  // Answers 503 to its first two requests, then 200: the monitor must retry.
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const status = hookCalls.length < 2 ? 503 : 200;
      hookCalls.push({ status, body: JSON.parse(body) as Record<string, unknown> });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/services/T0/B0/s3cr3t`;
  project = tempProject({
    'journeys/shop.journey.yaml': `name: Shop home\nbaseURL: ${siteUrl}\nsteps:\n  - goto: /\n  - expectText: Welcome to the shop\n`,
    'monitor.yaml': `journeys: journeys/\nschedules:\n  - journeys: [shop.journey.yaml]\n    every: 12h\nalerts:\n  - webhook: \${{ env.SHOP_HOOK }}\n    on: [failed, recovered]\n`,
  });
});

afterAll(async () => {
  for (const child of monitors) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  // A run cut by kill -9 goes on as an orphan: stop it (its process id is in the store).
  try {
    const db = openSqliteFile(join(project, 'data', 'monitor.sqlite'), { readonly: true });
    for (const { pid } of db.prepare('select pid from runs where pid is not null').all() as { pid: number }[]) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
    db.close();
  } catch {
    // no store
  }
  site?.closeAllConnections();
  site?.close();
  hook?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

async function startMonitor(): Promise<{ url: string; child: ChildProcess; output: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'monitor', '--port', '0', '--data-dir', 'data'], { cwd: project, env: { ...process.env, CI: '1', SHOP_HOOK: hookUrl } });
  monitors.push(child);
  let output = '';
  const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`monitor did not start:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d;
      const match = /dashboard (http:\/\/\S+?)\/?\n/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (output += d));
    void exit.then(() => reject(new Error(`monitor exited:\n${output}`)));
  });
  return { url, child, output: () => output, exit };
}

async function api<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  return (await response.json()) as T;
}

type Run = { id: string; status: string; report?: string; error?: string };

async function waitForRun(base: string, predicate: (runs: Run[]) => Run | undefined, timeoutMs = 120_000): Promise<Run> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { runs } = await api<{ runs: Run[] }>(`${base}/api/v1/runs?journey=shop`);
    const found = predicate(runs);
    if (found) return found;
    if (Date.now() > end) throw new Error(`no such run in time: ${JSON.stringify(runs)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const runNow = (base: string) => fetch(`${base}/api/v1/journeys/shop/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

describe('journey-audit monitor', () => {
  it('runs a journey now, keeps its history, alerts once on failure with retries, marks a run cut by kill -9 interrupted, and stops cleanly', { timeout: 420_000 }, async () => {
    let monitor = await startMonitor();
    expect((await api<{ ok: boolean }>(`${monitor.url}/health`)).ok).toBe(true);

    // 1. A passing run, started from the API.
    expect((await runNow(monitor.url)).status).toBe(202);
    const passed = await waitForRun(monitor.url, (runs) => runs.find((r) => r.status !== 'running'));
    expect(passed.status, passed.error).toBe('passed');
    const report = await fetch(`${monitor.url}${passed.report}`);
    expect(report.status).toBe(200);
    expect(await report.text()).toContain('Shop home');
    expect(hookCalls).toHaveLength(0); // never-run → passed is no news

    // 2. The site breaks: one failed run, one alert, delivered on the third try.
    siteMode = 'broken';
    expect((await runNow(monitor.url)).status).toBe(202);
    const failed = await waitForRun(monitor.url, (runs) => (runs.length >= 2 && runs[0].status !== 'running' ? runs[0] : undefined));
    expect(failed.status).toBe('failed');
    const alerts = await waitForAlerts(monitor.url);
    expect(alerts[0]).toMatchObject({ event: 'failed', channel: 'webhook', outcome: 'delivered', attempts: 3, target: `webhook ${new URL(hookUrl).host}` });
    expect(hookCalls.map((c) => c.status)).toEqual([503, 503, 200]);
    const payload = hookCalls[2].body as { text: string; journey: { name: string }; run: { url: string } };
    expect(payload.text).toMatch(/Shop home is failing/);
    expect(payload.text).toMatch(/did not say what the customer expects|Welcome to the shop/);
    expect(payload.run.url).toContain('/report.html');
    const journeys = await api<{ journeys: { id: string; status: string; history: unknown[] }[] }>(`${monitor.url}/api/v1/journeys`);
    expect(journeys.journeys[0]).toMatchObject({ id: 'shop', status: 'failed' });
    expect(journeys.journeys[0].history).toHaveLength(2);
    const findings = await api<{ findings: { code: string }[] }>(`${monitor.url}/api/v1/findings?journey=shop`);
    expect(findings.findings.length).toBeGreaterThan(0);

    // 3. kill -9 during a run: at the next start that run is interrupted, the history kept.
    siteMode = 'slow';
    expect((await runNow(monitor.url)).status).toBe(202);
    const running = await waitForRun(monitor.url, (runs) => runs.find((r) => r.status === 'running'));
    await new Promise((r) => setTimeout(r, 1500)); // the run's process is under way
    monitor.child.kill('SIGKILL');
    await monitor.exit;
    siteMode = 'ok';
    monitor = await startMonitor();
    expect(monitor.output()).toMatch(/1 run\(s\) cut by the last stop marked interrupted/);
    const cut = await api<Run>(`${monitor.url}/api/v1/runs/${running.id}`);
    expect(cut.status).toBe('interrupted');
    const after = await api<{ runs: Run[] }>(`${monitor.url}/api/v1/runs?journey=shop`);
    expect(after.runs.map((r) => r.status)).toEqual(['interrupted', 'failed', 'passed']);
    expect((await api<{ alerts: unknown[] }>(`${monitor.url}/api/v1/alerts`)).alerts).toHaveLength(1); // an interrupted run alerts nobody

    // 4. SIGTERM: a clean stop, exit code 0.
    monitor.child.kill('SIGTERM');
    expect(await monitor.exit).toBe(0);
    expect(monitor.output()).toContain('SIGTERM: stopping');
  });
});

async function waitForAlerts(base: string): Promise<Record<string, unknown>[]> {
  const end = Date.now() + 60_000;
  for (;;) {
    const { alerts } = await api<{ alerts: Record<string, unknown>[] }>(`${base}/api/v1/alerts`);
    if (alerts.length) return alerts;
    if (Date.now() > end) throw new Error('no alert recorded');
    await new Promise((r) => setTimeout(r, 500));
  }
}
