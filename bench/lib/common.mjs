// Shared helpers for the benchmarks: statistics, tables, timed child processes, peers.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
export const ROOT = dirname(BENCH_DIR.replace(/\/$/, ''));
export const PEERS_DIR = join(BENCH_DIR, '.peers');
export const CLI = join(ROOT, 'bin', 'journey-audit.js');

// ---------------------------------------------------------------------------
// Statistics

export function median(values) {
  return quantile(values, 0.5);
}

/** Linear-interpolated quantile (q in 0..1) of the finite values; NaN when there are none. */
export function quantile(values, q) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function fmtMs(ms, digits = 0) {
  return Number.isFinite(ms) ? `${ms.toFixed(digits)} ms` : 'n/a';
}

export function fmtRatio(r) {
  return Number.isFinite(r) ? `${r.toFixed(2)}x` : 'n/a';
}

/** A Markdown table (it reads fine in a terminal, and goes into RESULTS.md as it is). */
export function table(header, rows) {
  const cells = [header, ...rows].map((row) => row.map((c) => String(c)));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}

/** What a benchmark hands to run-all (a JSON file named by BENCH_JSON), besides its output. */
export function writeBenchResult(result) {
  const path = process.env.BENCH_JSON;
  if (path) writeFileSync(path, JSON.stringify(result, null, 2));
}

export function goalLine(met, text) {
  return `${met ? 'goal met' : 'goal missed'}: ${text}`;
}

// ---------------------------------------------------------------------------
// Processes

/**
 * Runs a command as a child process and measures wall time from spawn to exit. Every
 * output line is kept with the time it arrived (ms since spawn). The child is killed
 * (its whole process group) after timeoutMs.
 */
export function runTimed(command, args, { env, cwd = ROOT, timeoutMs = 120_000, echo = false } = {}) {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const lines = [];
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const collect = (stream, name) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        const at = performance.now() - started;
        const parts = (rest + chunk).split('\n');
        rest = parts.pop();
        for (const text of parts) {
          lines.push({ at, stream: name, text });
          if (echo) process.stdout.write(`    ${name === 'stderr' ? '!' : ' '} ${text}\n`);
        }
      });
      stream.on('end', () => {
        if (rest) lines.push({ at: performance.now() - started, stream: name, text: rest });
      });
    };
    collect(child.stdout, 'stdout');
    collect(child.stderr, 'stderr');
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      // 'exit' can come before the pipes drain: give them a moment.
      setTimeout(() => resolvePromise({ code, signal, ms, lines, timedOut }), 20);
    });
  });
}

/** Time (ms since spawn) of the first output line matching the pattern. */
/** Kills a child started with `detached: true` and everything it started. */
export function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

export function lineAt(result, pattern) {
  return result.lines.find((l) => pattern.test(l.text.replace(/\u001b\[[0-9;]*m/g, '')))?.at;
}

export function tail(result, n = 15) {
  return result.lines.slice(-n).map((l) => `    ${l.stream === 'stderr' ? '!' : ' '} ${l.text}`).join('\n');
}

/** A free TCP port on 127.0.0.1 (bound and released at once). */
export function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

// ---------------------------------------------------------------------------
// Build and peers

/** Builds dist/ with `npm run build` when it is missing (run-all does this once up front). */
export function ensureBuilt() {
  if (existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) return;
  console.log('bench: dist/ is missing; running npm run build');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit', timeout: 300_000 });
  if (result.status !== 0) throw new Error('npm run build failed');
}

/**
 * The peer tools, pinned. They are installed into bench/.peers (git-ignored) with
 * `npm install --prefix bench/.peers`, never as dependencies of the product.
 */
export const PEERS = {
  ajv: '8.20.0',
  maildev: '3.0.0',
  'socket.io-client': '4.8.3',
  unpdf: '1.8.1',
  'pdfjs-dist': '5.6.205',
};

export function peerVersion(name) {
  const manifest = join(PEERS_DIR, 'node_modules', name, 'package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
}

/** Installs the named peers into bench/.peers unless the pinned versions are there. */
export function ensurePeers(names) {
  const missing = names.filter((name) => peerVersion(name) !== PEERS[name]);
  if (missing.length === 0) return true;
  const specs = missing.map((name) => `${name}@${PEERS[name]}`);
  console.log(`bench: installing peers into bench/.peers: ${specs.join(' ')}`);
  const result = spawnSync('npm', ['install', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--loglevel=error', ...specs], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 300_000,
  });
  if (result.status !== 0) {
    console.log(`bench: could not install ${specs.join(' ')} (npm exited with ${result.status ?? result.signal}); the peer is skipped`);
    return false;
  }
  return missing.every((name) => peerVersion(name) === PEERS[name]);
}

/** require() for a CommonJS peer in bench/.peers (ajv, socket.io-client). */
export function requirePeer(name) {
  return createRequire(join(PEERS_DIR, 'package.json'))(name);
}

/** import() of a file inside bench/.peers/node_modules (for ESM-only peers such as maildev). */
export function importPeerFile(relativePath) {
  return import(pathToFileURL(join(PEERS_DIR, 'node_modules', relativePath)).href);
}

/** Sleeps; every wait in the benchmarks is bounded. */
export const sleep = (ms) => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
