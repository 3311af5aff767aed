// Runs the three benchmarks one after another (building dist/ first if it is missing,
// installing the peers into bench/.peers if they are missing) and writes bench/RESULTS.md.
//
//   npm run bench        (= node bench/run-all.mjs)
//   BENCH_ONLY=validate,mail-latency node bench/run-all.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, PEERS, ROOT, ensureBuilt, ensurePeers, peerVersion, runTimed } from './lib/common.mjs';

const BENCHMARKS = [
  { name: 'runner-overhead', file: 'runner-overhead.mjs', timeoutMs: 9 * 60_000 },
  { name: 'validate', file: 'validate.mjs', timeoutMs: 4 * 60_000 },
  { name: 'mail-latency', file: 'mail-latency.mjs', timeoutMs: 9 * 60_000 },
  { name: 'sink', file: 'sink/run.mjs', timeoutMs: 14 * 60_000 },
  { name: 'links', file: 'links/run.mjs', timeoutMs: 12 * 60_000 },
  { name: 'links-unreachable', file: 'links/unreachable.mjs', timeoutMs: 12 * 60_000 },
  { name: 'report', file: 'report/run.mjs', timeoutMs: 6 * 60_000 },
  { name: 'pdf-reader', file: 'pdf-reader.mjs', timeoutMs: 6 * 60_000 },
  { name: 'monitor', file: 'monitor/run.mjs', timeoutMs: 20 * 60_000 },
];
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());

const started = new Date();
ensureBuilt();
ensurePeers(Object.keys(PEERS));
const machine = describeMachine();
console.log(`bench: ${machine.map(([k, v]) => `${k}: ${v}`).join('; ')}\n`);

const work = mkdtempSync(join(tmpdir(), 'ja-bench-all-'));
const sections = [];
try {
  for (const bench of BENCHMARKS.filter((b) => !only || only.includes(b.name))) {
    console.log(`=== ${bench.name} ===`);
    const json = join(work, `${bench.name}.json`);
    const result = await runTimed(process.execPath, [join(BENCH_DIR, bench.file)], {
      env: { ...process.env, BENCH_JSON: json },
      timeoutMs: bench.timeoutMs,
      echo: true,
    });
    const data = existsSync(json) ? JSON.parse(readFileSync(json, 'utf8')) : undefined;
    sections.push({ bench, data, seconds: result.ms / 1000, exit: result.timedOut ? 'timed out' : result.code, output: result.lines.map((l) => l.text).slice(-40).join('\n') });
    console.log(`=== ${bench.name}: ${(result.ms / 1000).toFixed(1)} s, exit ${result.code}${result.timedOut ? ' (timed out)' : ''}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const finished = new Date();
const fmt = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : 'n/a');
const headline = (s) => {
  const d = s.data;
  if (!d) return ['—', '—'];
  if (d.name === 'runner-overhead') {
    const m = d.medians;
    return [
      `median wall: journey-audit ${(m['journey-audit'] / 1000).toFixed(2)} s (trace on failure), ${(m['journey-audit-notrace'] / 1000).toFixed(2)} s (--trace off); hand-written ${(m.peer / 1000).toFixed(2)} s, ${(m['peer+trace'] / 1000).toFixed(2)} s with trace on failure`,
      `${fmt(d.likeForLike[0])} without traces, ${fmt(d.likeForLike[1])} with (default vs bare spec: ${fmt(d.ratio)})`,
    ];
  }
  if (d.name === 'validate') return [`validate process ${d.medians.validate.toFixed(0)} ms, yaml-parse process ${d.medians.yaml.toFixed(0)} ms (medians); Ajv process ${d.medians.ajv?.toFixed(0) ?? 'n/a'} ms`, `${fmt(d.ratio)} vs the yaml-parse floor (${d.ajvRatio === undefined ? 'n/a' : fmt(d.ajvRatio)} vs Ajv)`];
  if (d.name === 'mail-latency') {
    const p = d.percentiles;
    return [`ours p50/p95/p99 ${[p.ours.p50, p.ours.p95, p.ours.p99].map((x) => x.toFixed(2)).join(' / ')} ms; MailDev socket.io p95 ${p['maildev-socket']?.p95.toFixed(2) ?? 'n/a'} ms, polling p95 ${p['maildev-poll']?.p95.toFixed(2) ?? 'n/a'} ms`, `${fmt(d.ratio)} vs socket.io`];
  }
  if (d.name === 'links') {
    const f = d.figures;
    const side = (k) => (f[k] ? `${k} ${f[k].seconds.toFixed(1)} s, ${f[k].peakRssMb.toFixed(0)} MB, kinds ${f[k].kinds}, trap false alarms ${f[k].trapFalseAlarms}` : `${k} n/a`);
    return [`${side('journey-audit')}; ${side('linkinator')}`, `wall ${fmt(d.wallRatio)}, memory ${fmt(d.memRatio)} vs linkinator`];
  }
  if (d.name === 'links-unreachable') {
    return [`crawl with every external host unreachable ${(d.offlineMs / 1000).toFixed(1)} s, with external links excluded ${(d.excludedMs / 1000).toFixed(1)} s (medians); ${d.hosts} hosts grouped; every external link unreachable: ${d.allUnreachable ? 'yes' : 'no'}`, `${fmt(d.ratio)} vs excluded`];
  }
  if (d.name === 'sink') {
    const r = d.ratios;
    return [`reused conn.: ours/MailDev ${fmt(r.reuseVsMailDev)}, ours/smtp-sink ${fmt(r.reuseVsSmtpSink)}; new conn.: ours/MailDev ${fmt(r.freshVsMailDev)}; CPU/msg ${fmt(r.cpuRatio)}; peak RSS (100 KB) ${fmt(r.memoryRatio)}; lost ${d.lostTotal}; SSE p95 ${d.sseP95?.toFixed(2) ?? 'n/a'} ms`, `${fmt(r.reuseVsMailDev)} vs MailDev (reused, worst)`];
  }
  if (d.name === 'pdf-reader') {
    return [`installed: pdfjs-dist ${d.sizes['pdfjs-dist'].toFixed(1)} MB, unpdf ${d.sizes.unpdf.toFixed(1)} MB; same links in every document: ${d.sameLinks ? 'yes' : 'no'}`, `read time unpdf / pdfjs-dist ${d.ratios.map(fmt).join(', ')}`];
  }
  if (d.name === 'report') {
    return [`${d.journeys} journeys, ${d.links} links: report.html opens in ${d.medians.ours.toFixed(0)} ms (median); Playwright's HTML report of the same runs ${d.medians.peer.toFixed(0)} ms`, `${fmt(d.ratio)} vs Playwright's report (goal: under 2 s: ${d.goalMet ? 'met' : 'missed'})`];
  }
  if (d.name === 'monitor') {
    return [
      `dashboard (${d.dashboard.journeys} journeys, ${d.dashboard.runs} runs) p95 ${d.dashboard.p95.toFixed(1)} ms to last byte, server build p95 ${d.dashboard.serverP95.toFixed(1)} ms, interactive ${d.dashboard.interactiveMs.toFixed(0)} ms; idle 50 schedules ${(d.idle.cpuShare * 100).toFixed(2)}% CPU, ${d.idle.rssMb.toFixed(0)} MB; store ${d.dashboard.runsPerSecond.toFixed(0)} runs/s; restart with ${d.restart.stored} stored messages serving after ${d.restart.servingMs.toFixed(0)} ms (load ${d.restart.loadAverage.toFixed(1)})`,
      `persistent/in-memory sink ingest ${fmt(d.ingest.ratio)}`,
    ];
  }
  return ['', ''];
};

const kept = keptFromPrevious(sections.map((s) => s.bench.name));
const md = [
  '# Benchmark results',
  '',
  `Run on ${started.toISOString()} (finished ${finished.toISOString()}, ${((finished - started) / 60_000).toFixed(1)} min) with \`node bench/run-all.mjs\`.`,
  'The machine is shared and noisy: compare the ratios (both sides measured in the same run, alternating), not absolute times across runs.',
  '',
  '## Machine',
  '',
  ...machine.map(([k, v]) => `- ${k}: ${v}`),
  `- load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (other users' work shares the 2 cores)`,
  '',
  '## Summary',
  '',
  '| benchmark | figures | ratio | goal | met |',
  '| --- | --- | --- | --- | --- |',
  ...sections.map((s) => {
    const [figures, ratio] = headline(s);
    return `| ${s.bench.name} | ${figures} | ${ratio} | ${s.data?.goal ?? '—'} | ${s.data ? (s.data.goalMet ? 'goal met' : 'goal missed') : `no result (exit ${s.exit})`} |`;
  }),
  ...kept.rows,
  '',
  ...sections.flatMap((s) => [
    `## ${s.data?.title ?? s.bench.name}`,
    '',
    `\`node bench/${s.bench.file}\` — ${s.seconds.toFixed(0)} s${s.data?.n ? `, n = ${s.data.n}` : ''}`,
    '',
    s.data ? s.data.text : `No result (exit ${s.exit}). Last output:\n\n\`\`\`\n${s.output}\n\`\`\``,
    '',
  ]),
  ...kept.sections,
  'See bench/README.md for what each benchmark measures and bench/FINDINGS.md for the causes of missed goals.',
  '',
];
writeFileSync(join(BENCH_DIR, 'RESULTS.md'), md.join('\n'));
console.log(`bench: wrote bench/RESULTS.md (${((finished - started) / 60_000).toFixed(1)} min)`);
for (const s of sections) console.log(`  ${s.bench.name}: ${s.data ? (s.data.goalMet ? 'goal met' : 'goal missed') : 'no result'}`);

/** With BENCH_ONLY, the benchmarks not run keep their summary rows and sections from the previous RESULTS.md. */
function keptFromPrevious(ran) {
  const path = join(BENCH_DIR, 'RESULTS.md');
  if (!only || !existsSync(path)) return { rows: [], sections: [] };
  const previous = readFileSync(path, 'utf8');
  const when = /^Run on (\S+)/m.exec(previous)?.[1] ?? 'an earlier run';
  const others = BENCHMARKS.filter((b) => !ran.includes(b.name));
  const rows = previous.split('\n').filter((line) => others.some((b) => line.startsWith(`| ${b.name} |`)));
  const sections = previous
    .split(/^(?=## )/m)
    .filter((part) => others.some((b) => part.includes(`\`node bench/${b.file}\``)))
    .map((part) => {
      const body = part.replace(/\nSee bench\/README\.md[\s\S]*$/, '').trimEnd();
      const keptBefore = /\n\n\(Kept from the run of (\S+): not run this time\.\)$/.exec(body);
      return `${keptBefore ? body.slice(0, keptBefore.index) : body}\n\n(Kept from the run of ${keptBefore?.[1] ?? when}: not run this time.)\n`;
    });
  return { rows, sections };
}

function describeMachine() {
  const info = [];
  const cpu = cpus()[0]?.model ?? 'unknown';
  info.push(['date', started.toISOString()]);
  info.push(['cores (nproc)', `${availableParallelism()} (${cpu})`]);
  info.push(['memory', `${(totalmem() / 2 ** 30).toFixed(1)} GiB`]);
  info.push(['load average at start', loadavg().map((x) => x.toFixed(2)).join(' ')]);
  info.push(['node', process.version]);
  info.push(['chromium', chromiumVersion()]);
  info.push(['@playwright/test', readJson(join(ROOT, 'node_modules', '@playwright', 'test', 'package.json'))?.version ?? '?']);
  info.push(['peers (bench/.peers)', Object.keys(PEERS).map((name) => `${name} ${peerVersion(name) ?? 'missing'}`).join(', ')]);
  info.push(['journey-audit', `${readJson(join(ROOT, 'package.json'))?.version} at ${git(['rev-parse', '--short', 'HEAD'])}${dirty()}`]);
  return info;
}

function chromiumVersion() {
  try {
    const path = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
    const browserEnv = process.env.JOURNEY_AUDIT_BROWSER;
    const exe = browserEnv && existsSync(browserEnv) ? browserEnv : path;
    if (!exe) return 'Playwright-managed';
    return `${execFileSync(exe, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 }).trim()} (${exe})`;
  } catch {
    return 'unknown';
  }
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '?';
  }
}

function dirty() {
  const changed = git(['status', '--porcelain', '--', 'src']).split('\n').filter(Boolean).length;
  return changed ? ` (+${changed} uncommitted change(s) in src/; dist/ as built at the time)` : '';
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
