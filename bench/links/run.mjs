// Benchmark: link checking, journey-audit vs linkinator, on a real documentation site
// (Debian's python3.11-doc: ~530 pages, ~176,000 links) served on loopback with breakage
// injected from a seed, scored against the answer key. Both checkers in the same run, taking
// turns (BENCH_N runs each), same site, same concurrency, same request timeout.
//
//   node bench/links/run.mjs
//   BENCH_SEED=7 BENCH_PER_KIND=4 BENCH_CONCURRENCY=25 BENCH_N=1 node bench/links/run.mjs
//   node --test bench/links/selftest.mjs     (the site and the scoring, without the checkers)
//
// Goals: every injected kind found, 0 false alarms on the traps, wall time and peak memory
// <= 0.5x linkinator's.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, ROOT, ensureBuilt, fmtRatio, goalLine, median, table, writeBenchResult } from '../lib/common.mjs';
import { ensureCorpus } from './corpus.mjs';
import { KINDS, planBreakage } from './inject.mjs';
import { runMeasured } from './measure.mjs';
import { ensureLinkinator } from './peers.mjs';
import { scanCorpus } from './scan.mjs';
import { startSite } from './server.mjs';
import { verifyKey } from './verify-key.mjs';
import { pristineBreakage, score } from './score.mjs';

const env = (name, fallback, min, max) => {
  const value = Number(process.env[name] ?? fallback);
  return Math.max(min, Math.min(max, Number.isFinite(value) ? value : fallback));
};
const SEED = env('BENCH_SEED', 4, 0, 2 ** 31);
const PER_KIND = env('BENCH_PER_KIND', 3, 1, 10);
const CONCURRENCY = env('BENCH_CONCURRENCY', 32, 1, 200);
const REQUEST_TIMEOUT_MS = env('BENCH_TIMEOUT_MS', 10_000, 2_000, 25_000); // < 30 s: the stalled links must time out
const TOOL_LIMIT_MS = env('BENCH_TOOL_LIMIT_S', 240, 30, 280) * 1000;
const REPS = env('BENCH_N', 2, 1, 5);
const REPS_DEADLINE_MS = 5 * 60_000; // no new repetition after this: the benchmark stays under ~10 min
const TOOLS = (process.env.BENCH_TOOLS ?? 'journey-audit,linkinator').split(',').map((s) => s.trim());
const GOAL_RATIO = 0.5;
const OUT = new URL('./.out/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });

// --- corpus, peers, product --------------------------------------------------------------
const corpus = ensureCorpus();
const scan = scanCorpus(corpus.root);
const linkCount = [...scan.pages.values()].reduce((sum, page) => sum + page.links.length, 0);
const externalLinks = [...scan.pages.values()].reduce((sum, page) => sum + page.links.filter((l) => /^\s*https?:/i.test(l.value)).length, 0);
console.log(`links: corpus ${corpus.package} ${corpus.version}: ${scan.pages.size} pages, ${scan.files.size} files, ${linkCount} links (href/src), ${externalLinks} of them external`);
const linkinator = TOOLS.includes('linkinator') ? ensureLinkinator() : undefined;
ensureBuilt();
const journeyAuditHelp = spawnSync(process.execPath, [CLI, 'links', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
const haveJourneyAudit = TOOLS.includes('journey-audit') && journeyAuditHelp.status === 0 && /--recurse\b/.test(journeyAuditHelp.stdout);
if (TOOLS.includes('journey-audit') && !haveJourneyAudit) console.log('links: `journey-audit links` is not available in dist/ (run npm run build): its rows are left out');

// --- site --------------------------------------------------------------------------------
const plan = planBreakage(scan, { seed: SEED, perKind: PER_KIND });
const site = await startSite({ root: corpus.root, scan, plan });
const leaks = site.prepare();
if (leaks.length) {
  await site.close();
  throw new Error(`links: ${leaks.length} link(s) would leave the machine, e.g. ${leaks.slice(0, 3).join(', ')}`);
}
const keyProblems = await verifyKey(plan.key, site.origin);
if (keyProblems.length) {
  await site.close();
  throw new Error(`links: the site does not answer as the key says: ${keyProblems.join('; ')}`);
}
const start = `${site.origin}/`;
const pristine = pristineBreakage(scan, site.origin);
console.log(`links: answer key verified against the site (${plan.key.length} entries)`);
writeFileSync(join(OUT, 'answer-key.json'), JSON.stringify({ seed: SEED, perKind: PER_KIND, origin: site.origin, deleted: [...plan.deleted], key: plan.key }, null, 2));
console.log(`links: serving ${start} (seed ${SEED}): ${plan.key.length} injected (${PER_KIND} per kind, ${plan.dropped} dropped), ${site.externalHosts} external hosts on loopback stand-ins; the pristine corpus already has ${pristine.paths.size} missing file(s) and ${pristine.fragments.size} missing fragment(s); answer key in bench/links/.out/answer-key.json`);

// --- checkers ----------------------------------------------------------------------------
const timeoutS = REQUEST_TIMEOUT_MS / 1000;
const runs = [];
if (haveJourneyAudit) {
  const help = journeyAuditHelp.stdout;
  const args = [CLI, 'links', start, '--recurse', '--format', 'json'];
  if (/--concurrency\b/.test(help)) args.push('--concurrency', String(CONCURRENCY));
  if (/--timeout\b/.test(help)) args.push('--timeout', /--timeout <(ms|millis)/i.test(help) ? String(REQUEST_TIMEOUT_MS) : `${timeoutS}s`);
  runs.push({ name: 'journey-audit', command: process.execPath, args, parse: (text) => JSON.parse(text).links.map((l) => ({ url: l.url, parent: l.parent, state: l.state, reason: l.reason, status: l.status })) });
}
if (linkinator) {
  const args = [linkinator.cli, start, '--recurse', '--concurrency', String(CONCURRENCY), '--timeout', String(REQUEST_TIMEOUT_MS), '--check-fragments', '--retry', '--format', 'json'];
  runs.push({
    name: 'linkinator',
    command: linkinator.node,
    args,
    parse: (text) =>
      JSON.parse(text).links.map((l) => ({ url: l.url, parent: l.parent, state: String(l.state).toLowerCase(), status: l.status, reason: l.status === 0 ? 'no response' : undefined })),
  });
}

const results = {}; // name -> { runs: [{ ms, cpuSeconds, peakRssMb, peakAtMs, served, scored, … }], and medians }
const checkersStarted = Date.now();
try {
  for (let rep = 0; rep < REPS; rep++) {
    if (rep > 0 && Date.now() - checkersStarted > REPS_DEADLINE_MS) {
      console.log(`links: ${rep} repetition(s) done; no more after ${REPS_DEADLINE_MS / 60_000} min`);
      break;
    }
    for (const run of rep % 2 === 0 ? runs : [...runs].reverse()) {
      site.reset();
      console.log(`links: ${run.name}${REPS > 1 ? ` (${rep + 1}/${REPS})` : ''}: ${[run.command === process.execPath ? 'node' : run.command.replace(ROOT + '/', ''), ...run.args.map((a) => a.replace(ROOT + '/', ''))].join(' ')}`);
      const stdoutFile = join(OUT, `${run.name}.stdout.json`);
      const measured = await runMeasured(run.command, run.args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdoutFile, stderrFile: join(OUT, `${run.name}.stderr.txt`), timeoutMs: TOOL_LIMIT_MS });
      const served = site.stats();
      let links = [];
      let parseError;
      try {
        links = run.parse(readFileSync(stdoutFile, 'utf8'));
      } catch (error) {
        parseError = error.message;
      }
      const scored = score({ links, key: plan.key, origin: site.origin, pristine });
      console.log(`links: ${run.name}: exit ${measured.code}${measured.timedOut ? ' (timed out)' : ''} in ${(measured.ms / 1000).toFixed(1)} s, CPU ${measured.cpuSeconds.toFixed(1)} s, peak RSS ${measured.peakRssMb.toFixed(0)} MB, ${served.site + served.external} requests served, ${scored.reportedLinks} link results, ${scored.found}/${scored.injected} injected found, ${scored.trapFalseAlarms} trap false alarm(s), ${scored.falseAlarmsElsewhere.length} false alarm(s) elsewhere${parseError ? `, output not parsed: ${parseError}` : ''}`);
      (results[run.name] ??= { runs: [] }).runs.push({ ...measured, served, parseError, scored });
    }
  }
} finally {
  await site.close();
}
for (const r of Object.values(results)) {
  for (const field of ['ms', 'cpuSeconds', 'peakRssMb']) r[field] = median(r.runs.map((x) => x[field]));
  r.lastRequestMs = median(r.runs.map((x) => x.served.lastAt));
}

// --- report ------------------------------------------------------------------------------
const names = Object.keys(results);
const perRun = (name, fn) => (results[name] ? [...new Set(results[name].runs.map((run) => fn(run.scored, run)))].join(' | ') : 'n/a');
const kindRows = Object.entries(KINDS).filter(([, k]) => !k.trap).map(([kind, info]) => [info.label, ...names.map((n) => perRun(n, (s) => {
  const k = s.perKind[kind];
  if (!k) return '—';
  const misses = k.outcomes.filter((o) => o !== 'broken');
  return `${k.found}/${k.injected}${misses.length ? ` (missed: ${summarizeOutcomes(misses)})` : ''}`;
}))]);
const trapRows = Object.entries(KINDS).filter(([, k]) => k.trap).map(([kind, info]) => [info.label, `${info.expect}`, ...names.map((n) => perRun(n, (s) => {
  const k = s.perKind[kind];
  return k ? `${k.falseAlarms} false alarm(s): ${summarizeOutcomes(k.outcomes)}` : '—';
}))]);
const summaryRows = names.flatMap((n) => results[n].runs.map((r, i) => {
  const s = r.scored;
  return [`${n}${results[n].runs.length > 1 ? ` #${i + 1}` : ''}`, `${(r.ms / 1000).toFixed(1)} s${r.timedOut ? ' (killed)' : ''}`, `${r.cpuSeconds.toFixed(1)} s`, `${r.peakRssMb.toFixed(0)} MB at ${(r.peakAtMs / 1000).toFixed(0)} s`, `${(r.served.lastAt / 1000).toFixed(1)} s`, r.served.stalledAt.length ? `${(Math.min(...r.served.stalledAt) / 1000).toFixed(1)}–${(Math.max(...r.served.stalledAt) / 1000).toFixed(1)} s` : '—', r.served.site + r.served.external, `${s.reportedLinks} / ${s.reportedUrls}`, `${s.kindsFullyFound}/${s.kinds}`, `${s.found}/${s.injected}`, `${s.trapFalseAlarms}/${s.trapsInjected}`, s.falseAlarmsElsewhere.length, s.preexisting.length];
}));
const ja = results['journey-audit'];
const lk = results.linkinator;
const wallRatio = ja && lk ? ja.ms / lk.ms : NaN;
const memRatio = ja && lk ? ja.peakRssMb / lk.peakRssMb : NaN;
const cpuRatio = ja && lk ? ja.cpuSeconds / lk.cpuSeconds : NaN;
const crawlRatio = ja && lk ? ja.lastRequestMs / lk.lastRequestMs : NaN;
const every = (r, fn) => r.runs.every((run) => fn(run.scored));
const list = (r, fn) => r.runs.map((run) => fn(run.scored)).join(', ');
const goals = ja
  ? [
      [every(ja, (s) => s.kindsFullyFound === s.kinds), `recall: every injected kind found, in every run (kinds complete: ${list(ja, (s) => `${s.kindsFullyFound}/${s.kinds}`)}; links: ${list(ja, (s) => `${s.found}/${s.injected}`)})`],
      [every(ja, (s) => s.trapFalseAlarms === 0), `0 false alarms on the traps (${list(ja, (s) => s.trapFalseAlarms)})`],
      [wallRatio <= GOAL_RATIO, `wall time <= ${GOAL_RATIO}x linkinator's (${fmtRatio(wallRatio)})`],
      [memRatio <= GOAL_RATIO, `peak memory <= ${GOAL_RATIO}x linkinator's (${fmtRatio(memRatio)})`],
    ]
  : [[false, 'journey-audit links did not run']];
const goalMet = goals.every(([met]) => met);

const detail = (name, limit) =>
  (results[name]?.runs ?? []).flatMap((run, i) => {
    const s = run.scored;
    const missed = s.entries.filter((e) => !e.trap && !e.found);
    const trapAlarms = s.entries.filter((e) => e.trap && (e.found || e.outcome !== KINDS[e.kind].expect));
    const lines = [`${name}${results[name].runs.length > 1 ? ` #${i + 1}` : ''}: missed ${missed.length}, traps not as expected ${trapAlarms.length}, false alarms elsewhere ${s.falseAlarmsElsewhere.length}`];
    for (const e of missed) lines.push(`  missed  ${e.kind}: ${e.absoluteUrl} (on /${e.parent}) -> ${e.outcome}`);
    for (const e of trapAlarms) lines.push(`  trap    ${e.kind}: ${e.absoluteUrl} (on /${e.parent}) -> ${e.outcome}${e.reasons.length ? ` [${e.reasons.join('; ')}]` : ''}`);
    for (const f of s.falseAlarmsElsewhere.slice(0, limit)) lines.push(`  false alarm: ${f.url} (on ${f.parent}; ${f.reason}; ${f.count} report(s))`);
    if (s.falseAlarmsElsewhere.length > limit) lines.push(`  … ${s.falseAlarmsElsewhere.length - limit} more in bench/links/.out/${name}.scored.json`);
    return lines;
  });
for (const name of names) writeFileSync(join(OUT, `${name}.scored.json`), JSON.stringify(results[name], null, 2));

const text = [
  `Corpus: Debian ${corpus.package} ${corpus.version} (CPython 3.11 docs, Sphinx): ${scan.pages.size} pages, ${linkCount} links (href/src; ${externalLinks} external, sent to ${site.externalHosts} loopback stand-in hosts). Seed ${SEED}, ${PER_KIND} of each kind. ${names.length > 1 && REPS > 1 ? `The checkers took turns (A B, B A, …), ${results[names[0]].runs.length} run(s) each; ratios of the medians. ` : ''}Both start at ${start.replace(/:\d+\//, ':PORT/')} with concurrency ${CONCURRENCY} and a ${timeoutS} s request timeout${linkinator ? `; linkinator ${linkinator.version} on Node ${linkinator.nodeVersion} with --check-fragments --retry` : ''}.`,
  '',
  table(['run', 'wall', 'CPU', 'peak RSS (tree)', 'last request at', '30 s links asked at', 'requests served', 'link results / URLs', 'kinds complete', 'injected found', 'trap false alarms', 'false alarms elsewhere', 'already broken in corpus'], summaryRows),
  '',
  'Per kind (runs separated by | where they differ):',
  '',
  table(['injected kind', ...names], kindRows),
  '',
  table(['trap', 'expected', ...names], trapRows),
  '',
  ja && lk ? `ratios journey-audit / linkinator (medians): wall ${fmtRatio(wallRatio)}, peak memory ${fmtRatio(memRatio)} (for information: CPU time ${fmtRatio(cpuRatio)}; time to the last request ${fmtRatio(crawlRatio)}, which leaves out the wait for the 30 s links)` : 'ratios: n/a (one checker missing)',
  ...goals.map(([met, line]) => goalLine(met, line)),
  ja ? `false alarms elsewhere (not a goal of the issue, but no false alarms is the point): journey-audit ${list(ja, (s) => s.falseAlarmsElsewhere.length)}${lk ? `, linkinator ${list(lk, (s) => s.falseAlarmsElsewhere.length)}` : ''}` : '',
  '',
  '```',
  ...names.flatMap((n) => detail(n, n === 'journey-audit' ? 40 : 15)),
  '```',
].join('\n');
console.log(`\n${text}`);
writeBenchResult({
  name: 'links',
  title: `Link checking: journey-audit vs linkinator on ${corpus.package} (${scan.pages.size} pages, ${linkCount} links)`,
  text,
  n: results[names[0]]?.runs.length ?? 0,
  goal: `every kind found, 0 trap false alarms, wall and memory <= ${GOAL_RATIO}x linkinator`,
  goalMet,
  wallRatio,
  memRatio,
  cpuRatio,
  crawlRatio,
  figures: Object.fromEntries(
    names.map((n) => {
      const r = results[n];
      return [n, { seconds: r.ms / 1000, cpuSeconds: r.cpuSeconds, peakRssMb: r.peakRssMb, kinds: list(r, (s) => `${s.kindsFullyFound}/${s.kinds}`), found: list(r, (s) => s.found), injected: r.runs[0].scored.injected, trapFalseAlarms: list(r, (s) => s.trapFalseAlarms), falseAlarmsElsewhere: list(r, (s) => s.falseAlarmsElsewhere.length) }];
    }),
  ),
});
process.exit(0);

function summarizeOutcomes(outcomes) {
  const counts = {};
  for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
  return Object.entries(counts).map(([o, c]) => `${c} ${o}`).join(', ');
}
