import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSites } from '../../src/demo/demo-sites.js';
import { CLI_TIMEOUT_MS, latestReport, runCli, tempProject } from './cli-harness.js';
import { runSinkPort, startRunSinkForwarder, type RunSinkForwarder } from './run-sink.js';
import { budget } from '../support/time-budget.js';

/**
 * `journey-audit run` end to end: the real CLI, Chromium, sink and demo sites over loopback.
 * The demo sites send mail to a stable loopback address that forwards it to the sink of the
 * run going on (each run's sink takes a free port of its own).
 */
let mailTo: RunSinkForwarder;
let demo: Awaited<ReturnType<typeof startDemoSites>>;
let flakySite: Server;
let flakyUrl: string;

beforeAll(async () => {
  mailTo = await startRunSinkForwarder();
  demo = await startDemoSites({ smtp: { host: mailTo.host, port: mailTo.port } });
  // Answers 500 to the first request of each path, then 200: a journey on it passes only on retry.
  const seen = new Set<string>();
  flakySite = createServer((req, res) => {
    const first = !seen.has(req.url ?? '');
    seen.add(req.url ?? '');
    res.writeHead(first ? 500 : 200, { 'content-type': 'text/html' });
    res.end(first ? '<h1>Oops</h1>' : '<h1>Welcome</h1>');
  });
  await new Promise<void>((r) => flakySite.listen(0, '127.0.0.1', r));
  flakyUrl = `http://127.0.0.1:${(flakySite.address() as { port: number }).port}`;
});

afterAll(async () => {
  await demo?.close();
  flakySite?.close();
  await mailTo?.close();
});

const NEWSLETTER = `name: Reader unsubscribes
baseURL: \${{ env.NEWSLETTER_URL }}
mailboxes: [reader]
steps:
  - goto: /
  - fill: { label: Email, value: "\${{ mailbox.reader.address }}" }
  - click: Subscribe
  - waitForEmail: { to: reader, subject: /confirm/i, as: confirm }
  - openLink: { in: confirm, text: Confirm my subscription }
  - expectText: You're subscribed
  - http: { method: POST, url: /admin/send-campaign, expect: { json: { sent: 1 } } }
  - waitForEmail: { to: reader, subject: This week, as: news }
  - openLink: { in: news, text: Unsubscribe }
  - click: Unsubscribe
  - http: { method: POST, url: /admin/send-campaign }
  - expectNoEmail: { to: reader, for: 1s, reason: unsubscribed }
`;

function run(project: string, args: string[], env: Record<string, string> = {}) {
  mailTo.use(project);
  return runCli(['run', ...args], { cwd: project, env: { ...demo.env, ...env } });
}

describe('journey-audit run', () => {
  it('passes a mail journey on a good site: exit 0, report with steps, lines and raw mail', async () => {
    const project = tempProject({ 'journeys/news.journey.yaml': NEWSLETTER });
    const result = await run(project, ['--workers', '1']);
    expect(result.stderr + result.stdout).toContain('1 of 1 journey passed');
    expect(result.code).toBe(0);
    const report = latestReport(project);
    expect(report.schemaVersion).toBe(2);
    expect(report.summary).toMatchObject({ total: 1, passed: 1, failed: 0, flaky: 0 });
    const [journey] = report.journeys;
    expect(journey.steps.map((s) => s.line)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(journey.steps.every((s) => s.status === 'passed')).toBe(true);
    expect(journey.mails.map((m) => m.subject)).toEqual(["Please confirm your subscription", "This week's promise"]);
    for (const mail of journey.mails) expect(existsSync(join(project, 'reports', 'latest', mail.path))).toBe(true);
    // The links the journey opened are in the links table, named by the mail's subject and part.
    expect(journey.links).toEqual([
      expect.objectContaining({ parent: 'the email “Please confirm your subscription”', where: 'text/html part', text: 'Confirm my subscription', state: 'ok', status: 200 }),
      expect.objectContaining({ parent: "the email “This week's promise”", where: 'text/html part', text: 'Unsubscribe', state: 'ok' }),
    ]);
    for (const file of ['report.html', 'summary.md', 'junit.xml']) expect(existsSync(join(project, 'reports', 'latest', file))).toBe(true);
  });

  it('fails with a plain-language finding, rule and YAML line when the site breaks its promise: exit 1', async () => {
    const project = tempProject({ 'journeys/news.journey.yaml': NEWSLETTER.replace('env.NEWSLETTER_URL', 'env.NEWSLETTER_BROKEN_URL') });
    const result = await run(project, []);
    expect(result.code).toBe(1);
    const [journey] = latestReport(project).journeys;
    expect(journey.status).toBe('failed');
    expect(journey.findings).toHaveLength(1);
    expect(journey.findings[0]).toMatchObject({ code: 'UNSUB_NOT_HONOURED', rule: 'GOOGLE-2', location: { line: 16 } });
    expect(journey.findings[0].message).toMatch(/still arrived after unsubscribing/);
    expect(journey.findings[0].evidence[0]).toMatch(/\.eml$/);
    const junit = readFileSync(join(project, 'reports', 'latest', 'junit.xml'), 'utf8');
    expect(junit).toContain('failures="1"');
    expect(junit).toContain('UNSUB_NOT_HONOURED');
  });

  it('reports a journey that passes only on retry as flaky, never as passed', async () => {
    const project = tempProject({ 'journeys/flaky.journey.yaml': `name: Flaky home page\nsteps:\n  - goto: ${flakyUrl}/\n  - expectText: Welcome\n` });
    const result = await run(project, ['--retries', '1']);
    const report = latestReport(project);
    expect(report.summary).toMatchObject({ passed: 0, flaky: 1 });
    expect(report.journeys[0].status).toBe('flaky');
    expect(result.stdout).toContain('0 of 1 journey passed; 1 flaky');
  });

  it('runs only the journeys of one shard', async () => {
    const files = Object.fromEntries([1, 2, 3, 4].map((n) => [`journeys/j${n}.journey.yaml`, `name: Journey ${n}\nsteps:\n  - goto: ${flakyUrl}/j${n}\n  - goto: ${flakyUrl}/j${n}\n`]));
    const project = tempProject(files);
    await run(project, ['--shard', '1/2']);
    const first = latestReport(project).journeys.map((j) => j.name);
    await run(project, ['--shard', '2/2']);
    const second = latestReport(project).journeys.map((j) => j.name);
    expect([...first, ...second].sort()).toEqual(['Journey 1', 'Journey 2', 'Journey 3', 'Journey 4']);
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
  });

  it('never writes a secret into any output file or the console', async () => {
    const secret = 'S3cr3t-Pa55word-4711';
    const project = tempProject({
      'journeys/secret.journey.yaml': `name: Secret goes into a field\nbaseURL: \${{ env.BOOKSHOP_URL }}\nsteps:\n  - goto: /checkout?book=promise-keeper\n  - fill: { label: Full name, value: "\${{ secrets.SHOP_PASSWORD }}" }\n  - expectText: "\${{ secrets.SHOP_PASSWORD }} is not on this page"\n    timeout: 1s\n`,
    });
    const result = await run(project, [], { SHOP_PASSWORD: secret });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain(secret);
    const files = walk(join(project, 'reports'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) expect(readFileSync(file).includes(secret), file).toBe(false);
    expect(latestReport(project).journeys[0].findings[0].message).toContain('••••••');
  });

  it('ends a journey whose page never answers within the step timeout, as a finding', async () => {
    const hang = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(hang.address() as { port: number }).port}/`;
    const project = tempProject({ 'journeys/hang.journey.yaml': `name: Hanging site\nsteps:\n  - goto: ${url}\n    timeout: 2s\n` });
    const started = Date.now();
    const result = await run(project, []);
    hang.closeAllConnections();
    hang.close();
    expect(result.code).toBe(1);
    // The step gave up at its 2 s timeout; the run around it (CLI, Playwright, Chromium) may take
    // a minute to start on a busy machine, but ends well before the harness would kill it.
    const journey = latestReport(project).journeys[0];
    expect(journey.steps[0].durationMs).toBeLessThan(budget(5_000));
    expect(Date.now() - started).toBeLessThan(CLI_TIMEOUT_MS - 10_000);
    expect(journey.findings[0]).toMatchObject({ code: 'STEP_FAILED', location: { line: 3 } });
  });

  it('writes a partial report when interrupted', async () => {
    const project = tempProject({ 'journeys/slow.journey.yaml': `name: Slow journey\nsteps:\n  - goto: ${demo.env.BOOKSHOP_URL}/\n  - wait: 60s\n` });
    // Ctrl-C a few seconds after the journeys started (however long the start took on a busy machine).
    const result = await runCli(['run'], {
      cwd: project,
      onSpawn: (kill) => void runSinkPort(project).then(() => setTimeout(() => kill('SIGINT'), 4000)),
    });
    expect(result.code).not.toBe(0);
    const report = latestReport(project);
    expect(report.complete).toBe(false);
    expect(report.journeys[0]).toMatchObject({ name: 'Slow journey', status: 'skipped' });
    expect(report.journeys[0].findings.map((f) => f.code)).toContain('RUN_INTERRUPTED');
    expect(result.stderr).toContain('writing a partial report');
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
