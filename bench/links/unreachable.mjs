// Benchmark: a crawl that finishes when the world is unreachable. The real documentation
// site of bench/links (Debian's python3.11-doc: ~530 pages, ~176,000 links, ~9,000 of them to
// ~400 other hosts) served on loopback as it is (no injected breakage, no stand-ins), crawled
// by `journey-audit links --recurse --format json` in two ways, taking turns:
//
//   - offline: every external host unreachable, as on a CI runner without network. The checker
//     runs with bench/links/offline-resolver.mjs preloaded: no name resolves (EAI_AGAIN),
//     except a few hosts sent to a loopback address where nothing listens (refused) and a few
//     to one where the benchmark listens and never answers (timeouts). Nothing leaves the
//     machine: the real resolver is never asked, and non-loopback addresses are refused.
//   - excluded: the same crawl with external links excluded by a policy (the floor).
//
//   node bench/links/unreachable.mjs
//   BENCH_N=1 BENCH_UNREACHABLE_MODE=dns node bench/links/unreachable.mjs
//
// Checks that every external link is reported broken as unreachable (dns, connection or
// timeout) and that the hosts are grouped (`unreachableHosts`, one reason per host, the link
// counts adding up). Goal (issue 12 §4): offline wall time <= 2x the excluded crawl's.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CLI, ROOT, ensureBuilt, fmtRatio, goalLine, median, table, writeBenchResult } from '../lib/common.mjs';
import { ensureCorpus } from './corpus.mjs';
import { runMeasured } from './measure.mjs';
import { scanCorpus } from './scan.mjs';
import { startSite } from './server.mjs';

const env = (name, fallback, min, max) => {
  const value = Number(process.env[name] ?? fallback);
  return Math.max(min, Math.min(max, Number.isFinite(value) ? value : fallback));
};
const REPS = env('BENCH_N', 3, 1, 5);
const CONCURRENCY = env('BENCH_CONCURRENCY', 32, 1, 200);
const REQUEST_TIMEOUT_MS = env('BENCH_TIMEOUT_MS', 10_000, 2_000, 25_000);
const TOOL_LIMIT_MS = env('BENCH_TOOL_LIMIT_S', 240, 30, 280) * 1000;
/** `mixed`: most hosts fail DNS, 3 refuse, 3 never answer; `dns`: every host fails DNS. */
const MODE = process.env.BENCH_UNREACHABLE_MODE === 'dns' ? 'dns' : 'mixed';
const SPECIAL_HOSTS = MODE === 'mixed' ? 3 : 0;
const GOAL_RATIO = 2;
const BLACKHOLE_ADDRESS = '127.79.0.1';
const OUT = new URL('./.out/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });

const corpus = ensureCorpus();
const scan = scanCorpus(corpus.root);
ensureBuilt();

// External links per host, as the corpus has them (absolute http(s) href/src).
const perHost = new Map();
for (const page of scan.pages.values()) {
  for (const { value } of page.links) {
    if (!/^\s*https?:/i.test(value)) continue;
    try {
      const host = new URL(value.trim()).hostname.toLowerCase();
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
    } catch {
      // not a URL a checker can read: it reports invalid-url
    }
  }
}
const ranked = [...perHost].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([host]) => host);
// Busy hosts get the hard cases: a refusing host and a silent one with many links each.
const refusedHosts = ranked.slice(1, 1 + SPECIAL_HOSTS);
const blackholeHosts = ranked.slice(1 + SPECIAL_HOSTS, 1 + 2 * SPECIAL_HOSTS);

// The blackhole: accepts on ports 80 and 443 of its own loopback address and never answers.
const silent = [];
const silentSockets = new Set();
let blackholeConnections = 0;
if (blackholeHosts.length) {
  for (const port of [80, 443]) {
    const server = createServer((socket) => {
      blackholeConnections++;
      silentSockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => silentSockets.delete(socket));
    });
    try {
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, BLACKHOLE_ADDRESS, resolve);
      });
      silent.push(server);
    } catch (error) {
      console.log(`links-unreachable: cannot listen on ${BLACKHOLE_ADDRESS}:${port} (${error.code}); the blackholed hosts fail as refused instead`);
    }
  }
}

const emptyPlan = { rewrites: new Map(), inserts: new Map(), deleted: new Set(), movedTargets: new Map(), key: [] };
const site = await startSite({ root: corpus.root, scan, plan: emptyPlan, offline: true });
site.prepare();
const start = `${site.origin}/`;
const policyFile = join(OUT, 'unreachable-exclude-external.json');
writeFileSync(policyFile, JSON.stringify({ exclude: [`/^https?:\\/\\/(?!127\\.0\\.0\\.1:${site.port}\\/)/`] }));
const externalLinks = [...perHost.values()].reduce((a, b) => a + b, 0);
console.log(`links-unreachable: ${corpus.package} ${corpus.version} on ${start}: ${scan.pages.size} pages, ${externalLinks} external links to ${perHost.size} hosts; mode ${MODE}: ${refusedHosts.length ? `refused: ${refusedHosts.join(', ')}; never answer: ${blackholeHosts.join(', ')}; ` : ''}every other host fails DNS`);

// BENCH_LINKS_CLI: another build's bin/journey-audit.js (e.g. of an older commit, for a before/after).
const cli = process.env.BENCH_LINKS_CLI ?? CLI;
const common = [cli, 'links', start, '--recurse', '--format', 'json', '--concurrency', String(CONCURRENCY), '--timeout', `${REQUEST_TIMEOUT_MS / 1000}s`];
const preload = ['--import', new URL('./offline-resolver.mjs', import.meta.url).pathname];
const childEnv = { ...process.env, NO_COLOR: '1', CI: 'true', BENCH_OFFLINE_REFUSED: refusedHosts.join(','), BENCH_OFFLINE_BLACKHOLE: blackholeHosts.join(','), BENCH_OFFLINE_BLACKHOLE_ADDRESS: BLACKHOLE_ADDRESS };
const variants = [
  { name: 'offline', args: [...preload, ...common] },
  { name: 'excluded', args: [...preload, ...common, '--policy', policyFile] },
];

const results = { offline: [], excluded: [] };
try {
  for (let rep = 0; rep < REPS; rep++) {
    for (const variant of rep % 2 === 0 ? variants : [...variants].reverse()) {
      site.reset();
      for (const socket of silentSockets) socket.destroy();
      blackholeConnections = 0;
      const stdoutFile = join(OUT, `unreachable-${variant.name}.stdout.json`);
      const measured = await runMeasured(process.execPath, variant.args, { cwd: ROOT, env: childEnv, stdoutFile, stderrFile: join(OUT, `unreachable-${variant.name}.stderr.txt`), timeoutMs: TOOL_LIMIT_MS });
      const served = site.stats();
      const checked = inspect(readFileSync(stdoutFile, 'utf8'), variant.name);
      results[variant.name].push({ ...measured, served: served.site, blackholeConnections, ...checked });
      console.log(`links-unreachable: ${variant.name} (${rep + 1}/${REPS}): exit ${measured.code}${measured.timedOut ? ' (killed at the time limit)' : ''} in ${(measured.ms / 1000).toFixed(1)} s, ${checked.links} links, ${checked.external} external (${checked.externalUnreachable} unreachable, ${checked.externalOther} otherwise), ${checked.hosts} hosts grouped${checked.problems.length ? `; problems: ${checked.problems.slice(0, 3).join('; ')}` : ''}`);
    }
  }
} finally {
  await site.close();
  for (const socket of silentSockets) socket.destroy();
  await Promise.all(silent.map((s) => new Promise((resolve) => s.close(resolve))));
}

/** Reads a run's JSON: every external link unreachable, grouped by host with one reason each. */
function inspect(text, variant) {
  const problems = [];
  let out;
  try {
    out = JSON.parse(text);
  } catch (error) {
    return { links: 0, external: 0, externalUnreachable: 0, externalOther: 0, hosts: 0, reasons: {}, problems: [`output is not JSON: ${error.message}`] };
  }
  const own = site.origin;
  let external = 0;
  let unreachable = 0;
  let other = 0;
  const reasonsByHost = new Map();
  const reasons = {};
  for (const link of out.links) {
    if (link.url.startsWith(`${own}/`) || !/^https?:/i.test(link.url)) continue;
    external++;
    if (variant === 'excluded') {
      if (link.state !== 'skipped') other++;
      continue;
    }
    if (link.state === 'broken' && ['dns', 'connection', 'timeout'].includes(link.reason)) {
      unreachable++;
      reasons[link.reason] = (reasons[link.reason] ?? 0) + 1;
      const host = new URL(link.url).host;
      reasonsByHost.set(host, (reasonsByHost.get(host) ?? new Set()).add(link.reason));
    } else {
      other++;
      if (problems.length < 5) problems.push(`${link.url}: ${link.state} ${link.reason ?? ''}`);
    }
  }
  const mixed = [...reasonsByHost].filter(([, r]) => r.size > 1);
  if (mixed.length) problems.push(`${mixed.length} host(s) with more than one reason, e.g. ${mixed[0][0]}: ${[...mixed[0][1]].join('+')}`);
  const grouped = out.unreachableHosts ?? [];
  if (variant === 'offline') {
    const groupedLinks = grouped.reduce((sum, h) => sum + h.links, 0);
    const missing = [...reasonsByHost.keys()].filter((host) => !grouped.some((h) => h.host === host));
    if (missing.length) problems.push(`${missing.length} unreachable host(s) not in unreachableHosts, e.g. ${missing[0]}`);
    if (groupedLinks !== unreachable) problems.push(`unreachableHosts counts ${groupedLinks} links, the links say ${unreachable}`);
  }
  return { links: out.links.length, external, externalUnreachable: unreachable, externalOther: other, hosts: grouped.length, reasons, grouped: grouped.slice(0, 8), problems, complete: out.complete };
}

// --- report ------------------------------------------------------------------------------
const med = (name, field) => median(results[name].map((r) => r[field]));
const offlineMs = med('offline', 'ms');
const excludedMs = med('excluded', 'ms');
const ratio = offlineMs / excludedMs;
const last = results.offline.at(-1);
const allUnreachable = results.offline.every((r) => r.external > 0 && r.externalOther === 0 && r.problems.length === 0);
const rows = ['offline', 'excluded'].flatMap((name) =>
  results[name].map((r, i) => [
    `${name} ${i + 1}`,
    `${(r.ms / 1000).toFixed(1)} s${r.timedOut ? ' (killed)' : ''}`,
    `${r.peakRssMb.toFixed(0)} MB`,
    String(r.links),
    String(r.external),
    name === 'offline' ? `${r.externalUnreachable} (${Object.entries(r.reasons).map(([k, v]) => `${k} ${v}`).join(', ')})` : `${r.external - r.externalOther} skipped`,
    name === 'offline' ? String(r.hosts) : '—',
    String(r.served),
    name === 'offline' ? String(r.blackholeConnections) : '—',
  ]),
);
const lines = [
  `## Crawl with the world unreachable: python3.11-doc on loopback, external hosts offline`,
  '',
  `\`node bench/links/unreachable.mjs\` — n = ${REPS} each, taking turns; mode ${MODE}`,
  '',
  `Corpus: Debian ${corpus.package} ${corpus.version}: ${scan.pages.size} pages, ${externalLinks} external links to ${perHost.size} hosts, served as they are (no stand-ins, nothing injected). offline: the checker's resolver (bench/links/offline-resolver.mjs, preloaded) answers EAI_AGAIN for every name${refusedHosts.length ? `, except ${refusedHosts.join(', ')} (sent to 127.78.0.1, where nothing listens: refused) and ${blackholeHosts.join(', ')} (sent to ${BLACKHOLE_ADDRESS}:80/443, which accept and never answer: timeouts)` : ''}. excluded: the same crawl with a policy excluding every external link. Concurrency ${CONCURRENCY}, request timeout ${REQUEST_TIMEOUT_MS / 1000} s.`,
  '',
  table(['run', 'wall', 'peak RSS', 'links', 'external', 'external reported unreachable', 'hosts grouped', 'site requests', 'blackhole connections'], rows),
  '',
  `Largest groups (last offline run): ${(last?.grouped ?? []).map((h) => `${h.reason}: ${h.host} — ${h.links} links`).join('; ')}`,
  '',
  `ratio offline / excluded (medians): ${fmtRatio(ratio)} (${(offlineMs / 1000).toFixed(1)} s / ${(excludedMs / 1000).toFixed(1)} s)`,
  goalLine(ratio <= GOAL_RATIO && allUnreachable, `offline crawl <= ${GOAL_RATIO}x the crawl without external links, every external link reported unreachable and grouped by host (${allUnreachable ? 'all were' : 'not all were'})`),
];
console.log(`\n${lines.join('\n')}`);
writeBenchResult({
  name: 'links-unreachable',
  title: lines[0].replace(/^## /, ''),
  text: lines.slice(4).join('\n'),
  n: REPS,
  mode: MODE,
  ratio,
  offlineMs,
  excludedMs,
  allUnreachable,
  hosts: last?.hosts,
  goal: `offline crawl <= ${GOAL_RATIO}x the crawl without external links; every external link unreachable, grouped by host`,
  goalMet: ratio <= GOAL_RATIO && allUnreachable,
});
