// The monitor's measures (issue 14), in one run so the ratios compare like with like:
//   1. store: runs recorded per second through MonitorStore (one transaction per run)
//   2. dashboard home with 200 journeys and 50,000 stored runs: server p50/p95, and when
//      the page is interactive in Chromium
//   3. idle monitor with 50 schedules: CPU share and RSS over 30 s (a child process)
//   4. sink ingest: the persistent sink (index in SQLite) vs the in-memory sink, same load,
//      alternating; then a restart with all stored messages: time until it serves them;
//      then a store of 100,000 messages (rows and .eml files written directly) and a
//      restart of the sink in a process of its own: time from spawn until it answers
//
//   node bench/monitor/run.mjs        (BENCH_QUICK=1 for a smaller, faster run;
//                                      --only dashboard for parts 1 and 2, --only sink for part 4)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT, ensureBuilt, fmtMs, fmtRatio, goalLine, median, quantile, table, writeBenchResult } from '../lib/common.mjs';
import { RawSmtpClient, receiptMessage } from '../lib/smtp-client.mjs';

ensureBuilt();
const dist = (p) => import(join(ROOT, 'dist', p));
const { MonitorStore } = await dist('monitor/store.js');
const { startMonitor } = await dist('monitor/monitor-service.js');
const { startPersistentSink } = await dist('monitor/persistent-sink.js');
const { Sink } = await dist('mail/sink.js');
const { resolveBrowser } = await dist('browser/resolve-browser.js');

const QUICK = process.env.BENCH_QUICK === '1';
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (ONLY !== undefined && ONLY !== 'dashboard' && ONLY !== 'sink') throw new Error(`--only takes dashboard or sink, not ${ONLY}`);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');
const STORED = 100_000;
const JOURNEYS = 200;
const RUNS = QUICK ? 10_000 : 50_000;
const work = mkdtempSync(join(tmpdir(), 'ja-bench-monitor-'));
const lines = [];
const say = (text) => {
  console.log(text);
  lines.push(text);
};
const result = { name: 'monitor' };

const goals = [];
const summaryRows = [];
try {
  if (ONLY !== 'sink') await measureStoreDashboardIdle();
  if (ONLY !== 'dashboard') await measureSink();
  finish();
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Part 4: ingest into the persistent sink vs the in-memory one, and restarts with stored messages. */
async function measureSink() {

  // ---------------------------------------------------------------- 4: ingest
  // Paired rounds, the order swapped each round: on a shared machine a round's two rates meet
  // the same load, so their ratio is steadier than either rate (which varied 4x between runs).
  const MESSAGES = QUICK ? 500 : 4000;
  const ROUNDS = QUICK ? 3 : 5;
  const rates = { memory: [], persistent: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of round % 2 ? ['persistent', 'memory'] : ['memory', 'persistent']) {
      const dir = join(work, `sink-${kind}-${round}`);
      let sink;
      let endpoint;
      let s;
      if (kind === 'memory') {
        sink = new Sink({ dir, retentionMs: 86_400_000, preloadParser: false });
        endpoint = await sink.start();
      } else {
        s = await MonitorStore.open(dir);
        ({ sink, endpoint } = await startPersistentSink({ dataDir: dir, store: s, retentionMs: 86_400_000 }));
      }
      const client = new RawSmtpClient(endpoint.smtpHost, endpoint.smtpPort);
      await client.open();
      const t = performance.now();
      for (let i = 0; i < MESSAGES; i++) {
        await client.send({ from: 'shop@bench.localhost', to: `reader${i % 10}@journey-audit.test`, raw: receiptMessage({ from: 'shop@bench.localhost', to: `reader${i % 10}@journey-audit.test`, subject: `Order ${i}`, i }) });
      }
      rates[kind].push(MESSAGES / ((performance.now() - t) / 1000));
      await client.close();
      await sink.stop();
      await s?.close();
    }
  }
  const memoryRate = median(rates.memory);
  const persistentRate = median(rates.persistent);
  const pairedRatio = median(rates.persistent.map((rate, round) => rate / rates.memory[round]));
  say(
    `sink ingest (${MESSAGES} messages of ~1.5 KB, one connection, ${ROUNDS} paired rounds, order swapped each round): in-memory ${memoryRate.toFixed(0)}/s, persistent ${persistentRate.toFixed(0)}/s (medians); ` +
      `persistent / in-memory per round ${rates.persistent.map((rate, round) => fmtRatio(rate / rates.memory[round])).join(', ')}, median ${fmtRatio(pairedRatio)}`,
  );
  // Restart: the persistent sink of the last round holds MESSAGES; time until it serves them.
  const restartDir = join(work, `sink-persistent-${ROUNDS - 1}`);
  const r = performance.now();
  const s2 = await MonitorStore.open(restartDir);
  const restarted = await startPersistentSink({ dataDir: restartDir, store: s2, retentionMs: 86_400_000 });
  const listed = await (await fetch(`${restarted.endpoint.api}/api/v1/messages/count`)).json();
  const restartMs = performance.now() - r;
  await restarted.sink.stop();
  await s2.close();
  say(`restart with ${listed.count} stored messages: serving after ${fmtMs(restartMs)} (${(restartMs / listed.count * 100_000 / 1000).toFixed(2)} s per 100,000 by linear extrapolation)`);
  result.ingest = { messages: MESSAGES, rounds: ROUNDS, memoryRate, persistentRate, ratio: pairedRatio, restartMs, restartCount: listed.count };

  goals.push(goalLine(pairedRatio >= 0.8, `persistent ingest ${fmtRatio(pairedRatio)} >= 0.8x in-memory (median of paired rounds)`));
  summaryRows.push(['ingest persistent / in-memory', `${persistentRate.toFixed(0)} / ${memoryRate.toFixed(0)} msg/s; paired ${fmtRatio(pairedRatio)}`]);

  // ---------------------------------------------------------------- 4b: restart with 100,000 stored messages
  const bigDir = join(work, 'sink-100k');
  const g = performance.now();
  await seedSinkStore(bigDir, STORED);
  say(`seeded a persistent sink with ${STORED} messages (rows and .eml files written directly) in ${((performance.now() - g) / 1000).toFixed(1)} s`);
  const restarts = [];
  for (let i = 0; i < 3; i++) restarts.push(await restartSink(bigDir));
  const restart = restarts.toSorted((a, b) => a.servingMs - b.servingMs)[1];
  const loadNow = loadavg()[0];
  say(
    `restart with ${restart.count} stored messages: serving after ${fmtMs(restart.servingMs)} (a new process, spawn to the first API answer; median of 3: ${restarts.map((r) => fmtMs(r.servingMs)).join(', ')}; ` +
      `inside the process: imports ${fmtMs(restart.importMs)}, store open + index load + listen ${fmtMs(restart.startMs)}, ${fmtMs(restart.cpuMs)} CPU; load average ${loadNow.toFixed(1)}); ` +
      `folder sweep for unindexed files done after ${fmtMs(restart.sweptMs)}`,
  );
  result.restart = { stored: STORED, ...restart, runs: restarts.map((r) => r.servingMs), loadAverage: loadNow };
  goals.push(goalLine(restart.servingMs < 3000 && restart.count === STORED, `restart with ${STORED} stored messages serving after ${fmtMs(restart.servingMs)} < 3 s (load average ${loadNow.toFixed(1)})`));
  summaryRows.push([`restart with ${STORED} stored messages, serving`, `${fmtMs(restart.servingMs)} (load ${loadNow.toFixed(1)})`]);

}

/** Goal lines and the summary table; a whole run (no --only) is written to bench/RESULTS.md. */
function finish() {
  for (const line of goals) say(line);
  const summaryTable = table(['measure', 'value'], summaryRows);
  console.log(`\n${summaryTable}`);
  if (ONLY !== undefined) return; // a part alone is not the benchmark's result
  result.goals = goals;
  result.title = 'Monitor: store, dashboard, idle, persistent sink';
  result.goal = 'dashboard p95 < 100 ms and interactive < 1 s (200 journeys, 50,000 runs); idle < 1% CPU and < 150 MB; persistent ingest >= 0.8x in-memory; restart with 100,000 stored messages serving < 3 s';
  result.goalMet = goals.every((line) => line.startsWith('goal met'));
  result.text = [...lines.map((l) => `- ${l}`), '', summaryTable].join('\n');
  writeBenchResult(result);
}

/** Parts 1 to 3: the store, the dashboard over 50,000 runs, an idle monitor with 50 schedules. */
async function measureStoreDashboardIdle() {
  const dataDir = join(work, 'data');
  const journeysDir = join(work, 'journeys');
  mkdirSync(journeysDir, { recursive: true });
  const files = Array.from({ length: JOURNEYS }, (_, i) => join(journeysDir, `journey-${String(i).padStart(3, '0')}.journey.yaml`));
  for (const f of files) writeFileSync(f, 'name: x\nsteps:\n  - goto: /\n');
  let store = await MonitorStore.open(dataDir);
  for (const [i, f] of files.entries()) await store.upsertJourney(f, `Journey ${i}`);
  const statuses = ['passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'failed', 'flaky', 'passed', 'error'];
  const start = Date.now() - RUNS * 60_000;
  const t0 = performance.now();
  for (let n = 0; n < RUNS; n++) {
    const file = files[n % JOURNEYS];
    const id = `run-${String(n).padStart(6, '0')}`;
    const status = statuses[(n * 7 + Math.floor(n / JOURNEYS)) % statuses.length];
    await store.startRun({ id, journeyFile: file, trigger: 'schedule', startedAt: start + n * 60_000 });
    await store.finishRun({
      id,
      status,
      finishedAt: start + n * 60_000 + 20_000,
      durationMs: 15_000 + (n % 13) * 1000,
      reportDir: join(dataDir, 'runs', id, 'r'),
      summary: { total: 1, passed: status === 'passed' ? 1 : 0, failed: status === 'failed' ? 1 : 0, flaky: 0, skipped: 0, findings: status === 'failed' ? 2 : 0 },
      findings: status === 'failed' ? [{ code: 'TEXT_NOT_FOUND', severity: 'error', message: 'The page did not say it' }, { code: 'LINK_BROKEN', severity: 'error', message: 'A link is broken' }] : [],
      observations: [],
    });
  }
  const seedMs = performance.now() - t0;
  const runsPerSecond = RUNS / (seedMs / 1000);
  say(`store: ${RUNS} runs recorded through MonitorStore (start + finish: 2 transactions each) in ${(seedMs / 1000).toFixed(1)} s = ${runsPerSecond.toFixed(0)} runs/s`);
  const r0 = performance.now();
  for (let i = 0; i < 20; i++) await store.recentRuns(20);
  const readMs = (performance.now() - r0) / 20;
  const o0 = performance.now();
  for (let i = 0; i < 20; i++) await store.recentRunsOf(files[i], 20);
  const oneMs = (performance.now() - o0) / 20;
  say(`store: last 20 runs of each of ${JOURNEYS} journeys (one indexed query per journey, uncached): ${readMs.toFixed(1)} ms; of one journey (what the dashboard reads again after a run finishes): ${oneMs.toFixed(2)} ms`);
  await store.close();

  const config = {
    file: join(work, 'monitor.yaml'),
    journeysDir,
    schedules: [{ journeys: ['*.journey.yaml'], everyMs: 86_400_000, jitterMs: 0, line: 1 }],
    alerts: [],
    concurrency: 2,
    from: 'm@x.test',
    retention: { maxAgeMs: 3650 * 86_400_000, maxRunsPerJourney: 100_000 },
  };
  const monitor = await startMonitor({
    config,
    journeys: new Map(files.map((f, i) => [f, `Journey ${i}`])),
    dataDir,
    host: '127.0.0.1',
    port: 0,
    // "Run now" in the busy phase below: a run that passes at once, recorded as any run is.
    execute: async () => ({ status: 'passed', finishedAt: Date.now(), durationMs: 16_000, findings: [], observations: [] }),
  });
  const timeGet = async (url, headers = {}) => {
    const t = performance.now();
    const response = await fetch(url, { headers });
    const text = await response.text();
    return { ms: performance.now() - t, text, response };
  };
  // The same bytes as a static file served by the same server: the floor of "to last byte".
  const first = await timeGet(`${monitor.url}/`);
  mkdirSync(join(dataDir, 'runs', 'static-copy'), { recursive: true });
  writeFileSync(join(dataDir, 'runs', 'static-copy', 'dashboard.html'), first.text);
  const staticUrl = `${monitor.url}/reports/static-copy/dashboard.html`;
  const timings = [];
  const identityTimings = [];
  const staticTimings = [];
  const serverTimings = [];
  let bytes = first.text.length;
  let transferred = '';
  const loadBefore = load();
  for (let i = 0; i < (QUICK ? 60 : 220); i++) {
    // Alternating which goes first, so neither always meets a warmer cache.
    const kinds = ['dashboard', 'identity', 'static'];
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(i + k) % kinds.length];
      const { ms, text, response } = kind === 'static' ? await timeGet(staticUrl) : kind === 'identity' ? await timeGet(`${monitor.url}/`, { 'accept-encoding': 'identity' }) : await timeGet(`${monitor.url}/`);
      if (i < 20) continue;
      if (kind !== 'dashboard') {
        (kind === 'static' ? staticTimings : identityTimings).push(ms);
        continue;
      }
      timings.push(ms);
      serverTimings.push(Number(/dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]));
      bytes = text.length;
      transferred = response.headers.get('content-encoding') ?? 'identity';
    }
  }
  const p50 = median(timings);
  const p95 = quantile(timings, 0.95);
  const serverP95 = quantile(serverTimings, 0.95);
  const staticP95 = quantile(staticTimings, 0.95);
  say(`dashboard home (${JOURNEYS} journeys, ${RUNS} runs, ${(bytes / 1024).toFixed(0)} KB HTML, sent ${transferred}; load average ${loadBefore} before, ${load()} after): request to last byte p50 ${fmtMs(p50, 1)}, p95 ${fmtMs(p95, 1)}; server time to build the page (Server-Timing) p50 ${fmtMs(median(serverTimings), 1)}, p95 ${fmtMs(serverP95, 1)}; ${timings.length} requests`);
  const identityP95 = quantile(identityTimings, 0.95);
  say(`same page uncompressed (Accept-Encoding: identity): p50 ${fmtMs(median(identityTimings), 1)}, p95 ${fmtMs(identityP95, 1)}; same bytes as a static file from the same server: p50 ${fmtMs(median(staticTimings), 1)}, p95 ${fmtMs(staticP95, 1)} (the three in turn); dashboard / static p95 = ${fmtRatio(p95 / staticP95)}`);
  // Busy: a run of another journey finishes before every 5th request (what a working monitor sees).
  const busyTimings = [];
  for (let i = 0; i < (QUICK ? 40 : 100); i++) {
    if (i % 5 === 0) {
      await fetch(`${monitor.url}/api/v1/journeys/journey-${String((i / 5) % JOURNEYS).padStart(3, '0')}/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      await new Promise((r) => setTimeout(r, 20)); // the run finishes and is recorded
    }
    busyTimings.push((await timeGet(`${monitor.url}/`)).ms);
  }
  const busyP95 = quantile(busyTimings, 0.95);
  say(`dashboard while runs finish (one before every 5th request): p50 ${fmtMs(median(busyTimings), 1)}, p95 ${fmtMs(busyP95, 1)}; ${busyTimings.length} requests`);
  const apiTimings = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await (await fetch(`${monitor.url}/api/v1/journeys`)).arrayBuffer();
    apiTimings.push(performance.now() - t);
  }
  say(`GET /api/v1/journeys: p95 ${fmtMs(quantile(apiTimings, 0.95), 1)}`);

  const { chromium } = await import('playwright');
  const resolved = await resolveBrowser();
  const browser = await chromium.launch({ executablePath: resolved.executablePath, args: resolved.args });
  const interactive = [];
  const revisits = [];
  try {
    // First visits: a fresh context each time (no cache); then revisits in one page (the
    // browser revalidates with If-None-Match and gets a 304 while nothing changed).
    const domInteractive = async (page) => {
      await page.goto(`${monitor.url}/`, { waitUntil: 'domcontentloaded' });
      return page.evaluate(() => performance.getEntriesByType('navigation')[0].toJSON().domInteractive);
    };
    for (let i = 0; i < 6; i++) {
      const context = await browser.newContext();
      const ms = await domInteractive(await context.newPage());
      if (i > 0) interactive.push(ms);
      await context.close();
    }
    const page = await browser.newPage();
    for (let i = 0; i < 6; i++) {
      const ms = await domInteractive(page);
      if (i > 0) revisits.push(ms);
    }
  } finally {
    await browser.close();
  }
  say(`page interactive in Chromium (domInteractive, median of ${interactive.length}): first visit ${fmtMs(median(interactive))}, revisit ${fmtMs(median(revisits))} (load average ${load()})`);
  await monitor.stop();
  result.dashboard = { journeys: JOURNEYS, runs: RUNS, p50, p95, serverP95, staticP95, identityP95, busyP95, interactiveMs: median(interactive), revisitMs: median(revisits), runsPerSecond, readMs };
  goals.push(
    goalLine(p95 < 100, `dashboard p95 ${fmtMs(p95, 1)} < 100 ms (request to last byte; server build p95 ${fmtMs(serverP95, 1)})`),
    goalLine(median(interactive) < 1000, `page interactive ${fmtMs(median(interactive))} < 1 s`),
  );
  summaryRows.push(
    ['runs recorded/s (store)', runsPerSecond.toFixed(0)],
    ['dashboard p50 / p95 (to last byte)', `${fmtMs(p50, 1)} / ${fmtMs(p95, 1)}`],
    ['dashboard server build p95', fmtMs(serverP95, 1)],
    ['dashboard p95 while runs finish', fmtMs(busyP95, 1)],
    ['page interactive, first visit / revisit', `${fmtMs(median(interactive))} / ${fmtMs(median(revisits))}`],
  );
  if (ONLY === 'dashboard') return;

  // ---------------------------------------------------------------- 3: idle with 50 schedules
  const idle = await measureIdle(work);
  say(`idle monitor with 50 schedules: ${(idle.cpuShare * 100).toFixed(2)}% of a core over ${idle.seconds} s, RSS ${idle.rssMb.toFixed(0)} MB`);
  result.idle = idle;
  goals.push(goalLine(idle.cpuShare < 0.01 && idle.rssMb < 150, `idle ${(idle.cpuShare * 100).toFixed(2)}% of a core < 1%, RSS ${idle.rssMb.toFixed(0)} MB < 150 MB`));
  summaryRows.push(['idle CPU / RSS (50 schedules)', `${(idle.cpuShare * 100).toFixed(2)}% / ${idle.rssMb.toFixed(0)} MB`]);
}

/**
 * A persistent sink's data folder holding `count` messages, as the sink would have left it:
 * one .eml per message under mail/ and its row in the store's messages table, with the
 * summary the sink computes (headers read by the sink's own scanner). Written directly:
 * through SMTP it would take the better part of an hour on a busy machine.
 */
async function seedSinkStore(dataDir, count) {
  const { MessageScanner } = await dist('mail/message-scanner.js');
  const { readHeaderFields } = await dist('mail/header-fields.js');
  const { STORE_FILE } = await dist('monitor/store.js');
  const { openSqliteFile } = await dist('monitor/sqlite-file.js');
  await (await MonitorStore.open(dataDir)).close(); // the schema, through the migrations
  const mailDir = join(dataDir, 'mail');
  mkdirSync(mailDir, { recursive: true });
  const db = openSqliteFile(join(dataDir, STORE_FILE));
  const insert = db.prepare('insert into messages (id, seq, received_at, summary) values (?, ?, ?, ?)');
  const firstAt = Date.now() - count * 1000;
  const insertAll = db.transaction(() => {
    for (let seq = 1; seq <= count; seq++) {
      const to = `reader${seq % 10}@journey-audit.test`;
      const raw = Buffer.from(receiptMessage({ from: 'shop@bench.localhost', to, subject: `Order ${seq}`, i: seq }));
      const id = `5eed00${seq.toString(16).padStart(6, '0')}`;
      const path = join(mailDir, `${String(seq).padStart(5, '0')}-${id}.eml`);
      writeFileSync(path, raw);
      const scanner = new MessageScanner();
      scanner.write(raw);
      scanner.end();
      const summary = {
        id,
        seq,
        receivedAt: firstAt + seq * 1000,
        envelopeFrom: 'shop@bench.localhost',
        envelopeTo: [to],
        ...readHeaderFields(scanner.headerBlock),
        size: raw.length,
        sha256: createHash('sha256').update(raw).digest('hex'),
        flags: scanner.flags,
        path,
      };
      insert.run(id, seq, summary.receivedAt, JSON.stringify(summary));
    }
  });
  insertAll();
  db.close();
}

/** Starts the persistent sink on `dataDir` in a new process; time from spawn until its API answers with every message. */
function restartSink(dataDir) {
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bench/monitor/persistent-sink-child.mjs'), dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve, reject) => {
    let out = '';
    let measured;
    child.on('close', () => {
      clearTimeout(timer);
      if (!measured?.sweptMs) reject(new Error(`the sink did not start or sweep: ${out}`));
    });
    child.stdout.on('data', async (chunk) => {
      out += chunk;
      const said = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
      if (!measured && said[0]) {
        measured = said[0];
        try {
          const { count } = await (await fetch(`${measured.endpoint.api}/api/v1/messages/count`)).json();
          measured = { ...measured, count, servingMs: performance.now() - started };
        } catch (error) {
          child.kill('SIGKILL');
          reject(error);
        }
      }
      if (measured?.servingMs !== undefined && said[1] && !measured.sweptMs) {
        measured.sweptMs = said[1].sweptMs;
        const { endpoint, ...figures } = measured;
        child.kill('SIGKILL');
        resolve(figures);
      }
    });
  });
}

/** A child process runs a monitor with 50 schedules and reports its CPU time and RSS after 30 s of idling. */
function measureIdle(dir) {
  const script = `
    import { mkdirSync, writeFileSync } from 'node:fs';
    import { join } from 'node:path';
    const { startMonitor } = await import(${JSON.stringify(join(ROOT, 'dist/monitor/monitor-service.js'))});
    const base = ${JSON.stringify(join(dir, 'idle'))};
    const journeysDir = join(base, 'journeys');
    mkdirSync(journeysDir, { recursive: true });
    const files = Array.from({ length: 50 }, (_, i) => join(journeysDir, 'j' + i + '.journey.yaml'));
    for (const f of files) writeFileSync(f, 'name: x');
    const schedules = files.map((f, i) => ({ journeys: ['j' + i + '.journey.yaml'], cron: (i % 60) + ' 3 * * *', timezone: 'Europe/Berlin', jitterMs: 60000, line: i + 1 }));
    const monitor = await startMonitor({ config: { file: 'm', journeysDir, schedules, alerts: [], concurrency: 2, from: 'm@x', retention: { maxAgeMs: 1e12, maxRunsPerJourney: 100 } },
      journeys: new Map(files.map((f, i) => [f, 'J' + i])), dataDir: join(base, 'data'), host: '127.0.0.1', port: 0, execute: async () => { throw new Error('no'); } });
    await new Promise((r) => setTimeout(r, 5000));
    const c0 = process.cpuUsage(); const t0 = performance.now();
    await new Promise((r) => setTimeout(r, ${QUICK ? 10_000 : 30_000}));
    const c = process.cpuUsage(c0); const ms = performance.now() - t0;
    console.log(JSON.stringify({ cpuShare: (c.user + c.system) / 1000 / ms, rssMb: process.memoryUsage().rss / 1048576, seconds: Math.round(ms / 1000) }));
    await monitor.stop();
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch {
        reject(new Error(`idle child said: ${out}`));
      }
    });
  });
}
