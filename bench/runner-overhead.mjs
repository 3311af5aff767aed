// Benchmark 1: the bookshop journey as YAML run by `journey-audit run`, against the same
// journey written by hand as a Playwright Test spec (bench/peer-spec/), both as whole CLI
// processes (wall time from spawn to exit), same demo site, same browser, same sink class.
//
//   node bench/runner-overhead.mjs            N=5 alternating pairs (+1 warm-up each)
//   BENCH_N=9 node bench/runner-overhead.mjs  more repetitions
//   BENCH_NO_TRACE_PEER=1 …                   skip the attribution run "peer + trace"
//
// Goal: journey-audit <= 1.10x the hand-written spec (ratio of medians).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, CLI, ROOT, ensureBuilt, fmtMs, fmtRatio, freePort, goalLine, lineAt, median, runTimed, table, tail, writeBenchResult } from './lib/common.mjs';

const GOAL = 1.1;
const N = Math.max(1, Math.min(50, Number(process.env.BENCH_N ?? 5)));
const WARMUP = 1;
const RUN_TIMEOUT_MS = 120_000;

ensureBuilt();
const { startDemoSites } = await import('../dist/demo/demo-sites.js');

const work = mkdtempSync(join(tmpdir(), 'ja-bench-runner-'));
const smtpPort = await freePort();
// The sites connect to the SMTP port per message (pooled), so they can start before
// either side's sink listens on it; the two sides never run at the same time.
const demo = await startDemoSites({ smtp: { host: '127.0.0.1', port: smtpPort } });
const journey = join(ROOT, 'journeys', 'bookshop-online-test.journey.yaml');
const playwrightCli = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
const baseEnv = { ...process.env, ...demo.env, CI: '', FORCE_COLOR: '0', PLAYWRIGHT_FORCE_TTY: '0' };
// A run plan as `journey-audit run` writes it, for the `--list` diagnostic below.
const planPath = join(work, 'plan.json');
const { loadJourneyFiles } = await import('../dist/journey/loader.js');
writeFileSync(planPath, JSON.stringify({ runId: 'bench-list', runDir: join(work, 'list-run'), journeys: loadJourneyFiles([journey]).journeys, startedAt: new Date().toISOString(), secrets: [], env: demo.env }));
const listMs = { 'journey-audit': [], peer: [] };

const variants = [
  {
    key: 'journey-audit',
    label: 'journey-audit run (YAML)',
    run: () =>
      runTimed(process.execPath, [CLI, 'run', journey, '--smtp-port', String(smtpPort), '-o', join(work, 'reports'), '--reporter', 'list'], {
        env: baseEnv,
        timeoutMs: RUN_TIMEOUT_MS,
      }),
  },
  {
    key: 'journey-audit-notrace',
    label: 'journey-audit run --trace off (YAML)',
    run: () =>
      runTimed(process.execPath, [CLI, 'run', journey, '--smtp-port', String(smtpPort), '-o', join(work, 'reports'), '--reporter', 'list', '--trace', 'off'], {
        env: baseEnv,
        timeoutMs: RUN_TIMEOUT_MS,
      }),
  },
  {
    key: 'peer',
    label: 'hand-written Playwright spec',
    run: () => runTimed(process.execPath, [playwrightCli, 'test', '--config', join(BENCH_DIR, 'peer-spec', 'playwright.config.mjs')], { env: peerEnv({}), timeoutMs: RUN_TIMEOUT_MS }),
  },
];
if (!process.env.BENCH_NO_TRACE_PEER) {
  variants.push({
    key: 'peer+trace',
    label: 'hand-written spec + trace retain-on-failure (attribution)',
    run: () =>
      runTimed(process.execPath, [playwrightCli, 'test', '--config', join(BENCH_DIR, 'peer-spec', 'playwright.config.mjs')], {
        env: peerEnv({ BENCH_PEER_TRACE: 'retain-on-failure' }),
        timeoutMs: RUN_TIMEOUT_MS,
      }),
  });
}

function peerEnv(extra) {
  return { ...baseEnv, BENCH_SMTP_PORT: String(smtpPort), BENCH_PEER_OUTPUT: join(work, 'peer-output'), ...extra };
}

/** Phases from the time each process printed its milestones. */
function phases(key, result) {
  const testLine = result.lines.find((l) => /[✓✘]\s+\d+ .*Book buyer takes the online test/.test(l.text));
  const testDuration = testLine ? parseDuration(/\(([\d.]+m?s)\)\s*$/.exec(testLine.text)?.[1]) : NaN;
  const running = lineAt(result, /^Running \d+ tests? using/);
  const passed = lineAt(result, /^\s*\d+ passed/);
  if (key.startsWith('journey-audit')) {
    const cli = lineAt(result, /^journey-audit: running \d+ journey/);
    return { beforePlaywright: cli, playwrightStart: running - cli, test: testLine ? testLine.at - running : NaN, testDuration, afterTest: result.ms - (testLine?.at ?? NaN), afterPassed: result.ms - (passed ?? NaN) };
  }
  return { beforePlaywright: 0, playwrightStart: running, test: testLine ? testLine.at - running : NaN, testDuration, afterTest: result.ms - (testLine?.at ?? NaN), afterPassed: result.ms - (passed ?? NaN) };
}

function parseDuration(text) {
  if (!text) return NaN;
  return text.endsWith('ms') ? Number(text.slice(0, -2)) : Number(text.slice(0, -1)) * 1000;
}

const samples = Object.fromEntries(variants.map((v) => [v.key, []]));
const failures = [];
const MAX_TRIES = 2; // a run that fails (another user's process killing ours, a hiccup) is tried once more
console.log(`runner-overhead: bookshop journey, ${N} alternating repetitions (+${WARMUP} warm-up each), SMTP port ${smtpPort}`);
try {
  for (let round = -WARMUP; round < N; round++) {
    // Alternate the order every round so drift on a shared machine hits both sides alike.
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) {
      for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
        const result = await variant.run();
        const ok = result.code === 0 && !result.timedOut;
        const tag = round < 0 ? 'warm-up' : `run ${round + 1}/${N}`;
        console.log(`  ${tag.padEnd(9)} ${variant.key.padEnd(14)} ${fmtMs(result.ms).padStart(9)}${ok ? '' : `  FAILED (exit ${result.code ?? result.signal}${result.timedOut ? ', timed out' : ''})`}`);
        if (ok) {
          if (round >= 0) samples[variant.key].push({ round, ms: result.ms, ...phases(variant.key, result) });
          break;
        }
        failures.push(`${variant.key}: exit ${result.code ?? result.signal}${result.timedOut ? ' (timed out)' : ''}`);
        console.log(tail(result));
      }
    }
  }

  // Diagnostic: Playwright loading each side's config and spec only (`--list`, no browser).
  for (let round = -1; round < N; round++) {
    for (const side of round % 2 === 0 ? ['journey-audit', 'peer'] : ['peer', 'journey-audit']) {
      const result = side === 'peer'
        ? await runTimed(process.execPath, [playwrightCli, 'test', '--config', join(BENCH_DIR, 'peer-spec', 'playwright.config.mjs'), '--list'], { env: peerEnv({}), timeoutMs: RUN_TIMEOUT_MS })
        : await runTimed(process.execPath, [playwrightCli, 'test', '--config', join(ROOT, 'dist', 'runner', 'playwright-config.js'), '--list'], { env: { ...baseEnv, JOURNEY_AUDIT_PLAN: planPath }, timeoutMs: RUN_TIMEOUT_MS });
      if (result.code !== 0) {
        failures.push(`--list ${side}: exit ${result.code ?? result.signal}`);
        console.log(tail(result));
      } else if (round >= 0) listMs[side].push(result.ms);
    }
  }
} finally {
  await demo.close();
  rmSync(work, { recursive: true, force: true });
}

const med = (key, field) => median(samples[key].map((s) => s[field]));
const ja = med('journey-audit', 'ms');
const peer = med('peer', 'ms');
const ratio = ja / peer;
const traced = samples['peer+trace'] ? med('peer+trace', 'ms') : NaN;
/** Median over rounds of a/b within the same round: robust to load that drifts between rounds. */
const pairedRatio = (a, b) =>
  median(samples[a].map((x) => x.ms / (samples[b].find((y) => y.round === x.round)?.ms ?? NaN)));
const paired = pairedRatio('journey-audit', 'peer');
// Like for like: the same trace setting on both sides.
const noTrace = med('journey-audit-notrace', 'ms');
const likeForLike = [noTrace / peer, Number.isFinite(traced) ? ja / traced : NaN];

const rows = variants.map((v) => {
  const s = samples[v.key];
  return [v.label, s.length, fmtMs(med(v.key, 'ms')), fmtMs(Math.min(...s.map((x) => x.ms))), fmtMs(Math.max(...s.map((x) => x.ms))), fmtRatio(med(v.key, 'ms') / peer)];
});
const summary = table(['variant', 'n', 'median wall', 'min', 'max', 'vs hand-written'], rows);
const phaseRows = variants.map((v) => [
  v.key,
  fmtMs(med(v.key, 'beforePlaywright')),
  fmtMs(med(v.key, 'playwrightStart')),
  fmtMs(med(v.key, 'test')),
  fmtMs(med(v.key, 'testDuration')),
  fmtMs(med(v.key, 'afterTest')),
]);
const phaseTable = table(['variant', 'CLI before Playwright', 'Playwright start → "Running"', '"Running" → test done', 'test duration (Playwright)', 'test done → exit'], phaseRows);
const goalMet = likeForLike.every((r) => !Number.isFinite(r) || r <= GOAL);
const listJa = median(listMs['journey-audit']);
const listPeer = median(listMs.peer);
const lines = [
  summary,
  '',
  'Phases (medians, from the time each milestone line was printed):',
  '',
  phaseTable,
  '',
  `Diagnostic, Playwright \`test --list\` only (loads the config and the spec, starts no browser), median of ${listMs.peer.length}: journey-audit config + journeys.spec ${fmtMs(listJa)}, hand-written ${fmtMs(listPeer)} (${fmtRatio(listJa / listPeer)}, +${fmtMs(listJa - listPeer)})`,
  '',
  `ratio journey-audit / hand-written spec (medians): ${fmtRatio(ratio)}  (difference ${fmtMs(ja - peer)}); median of the per-round ratios: ${fmtRatio(paired)}`,
  Number.isFinite(traced) ? `ratio hand-written + trace / hand-written: ${fmtRatio(traced / peer)} (medians), ${fmtRatio(pairedRatio('peer+trace', 'peer'))} (per-round): what recording a trace costs the same spec` : null,
  `like for like: journey-audit --trace off / hand-written: ${fmtRatio(likeForLike[0])}; journey-audit (trace on failure) / hand-written + trace on failure: ${fmtRatio(likeForLike[1])}`,
  goalLine(goalMet, `journey-audit <= ${GOAL.toFixed(2)}x the hand-written spec with the same trace setting (measured ${fmtRatio(likeForLike[0])} without traces, ${fmtRatio(likeForLike[1])} with)`),
  failures.length ? `failed runs (retried once, left out): ${failures.join('; ')}` : null,
].filter((l) => l !== null);
console.log(`\n${lines.join('\n')}`);

writeBenchResult({
  name: 'runner-overhead',
  title: 'Runner overhead: journey-audit run vs a hand-written Playwright spec (bookshop journey)',
  n: N,
  text: lines.join('\n'),
  ratio,
  pairedRatio: paired,
  likeForLike,
  goal: `journey-audit <= ${GOAL}x hand-written spec, same trace setting`,
  goalMet,
  medians: Object.fromEntries(variants.map((v) => [v.key, med(v.key, 'ms')])),
  phases: Object.fromEntries(variants.map((v) => [v.key, Object.fromEntries(['beforePlaywright', 'playwrightStart', 'test', 'testDuration', 'afterTest'].map((f) => [f, med(v.key, f)]))])),
  list: { 'journey-audit': listJa, peer: listPeer },
  failures,
});
