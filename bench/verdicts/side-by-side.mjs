#!/usr/bin/env node
/**
 * Side by side: the demo's newsletter journeys (every unsubscribe path, auditReplies)
 * run by this checkout and by a base commit, alternating, same demo sites, same sink
 * port, same relay. Prints the median wall time of each and the ratio (goal: <= 1.05).
 *
 *   npm run build && node bench/verdicts/side-by-side.mjs [--base <commit>] [--rounds 3]
 *
 * The base is built from `git archive <base>` into a temporary folder (node_modules
 * linked); every load is bounded (rounds x journeys) and talks to loopback only.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const base = arg('base', 'e8f16fd');
const rounds = Math.min(10, Number(arg('rounds', '3')));

const baseDir = mkdtempSync(join(tmpdir(), 'ja-base-'));
try {
  const archive = execFileSync('git', ['archive', base, 'src', 'bin', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'schema'], { cwd: root });
  execFileSync('tar', ['-x', '-C', baseDir], { input: archive });
  symlinkSync(join(root, 'node_modules'), join(baseDir, 'node_modules'));
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: baseDir, stdio: 'ignore' });

  const { startDemoSites } = await import(join(root, 'dist/demo/demo-sites.js'));
  const net = await import('node:net');
  const freePort = () =>
    new Promise((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
    });
  const smtpPort = await freePort();
  const demo = await startDemoSites({ smtp: { host: '127.0.0.1', port: smtpPort } });
  const journeys = readdirSync(join(root, 'journeys'))
    .filter((f) => f.startsWith('newsletter-') && !/two-days|delayed/.test(f))
    .map((f) => join(root, 'journeys', f));
  const out = mkdtempSync(join(tmpdir(), 'ja-side-'));
  // Asynchronous: the demo sites live in this process and must keep answering.
  const timeOne = (bin) => new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [bin, 'run', '--workers', '1', '--trace', 'off', '--smtp-port', String(smtpPort), '--smtp-relay', demo.relay ? `${demo.relay.host}:${demo.relay.port}` : '127.0.0.1:1', '-o', out, ...journeys], {
      cwd: root,
      env: { ...process.env, ...demo.env, CI: '1' },
      stdio: 'ignore',
      timeout: 600_000,
    });
    child.on('close', (code) => resolve({ ms: Date.now() - started, code }));
  });
  const times = { base: [], branch: [] };
  for (let i = 0; i < rounds; i++) {
    times.base.push((await timeOne(join(baseDir, 'bin/journey-audit.js'))).ms);
    times.branch.push((await timeOne(join(root, 'bin/journey-audit.js'))).ms);
  }
  await demo.close();
  rmSync(out, { recursive: true, force: true });
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const [b, n] = [median(times.base), median(times.branch)];
  console.log(`${journeys.length} newsletter journeys, ${rounds} alternating rounds: base ${base} median ${(b / 1000).toFixed(1)} s [${times.base.join(', ')}], this branch ${(n / 1000).toFixed(1)} s [${times.branch.join(', ')}]: ratio ${(n / b).toFixed(3)} (goal <= 1.05)`);
} finally {
  rmSync(baseDir, { recursive: true, force: true });
}
