// Runs a checker as a child process with its output sent to files, and measures wall time
// (spawn to exit), peak memory (the resident set size of the child's whole process tree,
// summed from /proc every 50 ms, and when the peak came) and CPU time. The child (its process group) is killed after timeoutMs.
import { spawn } from 'node:child_process';
import { killGroup } from '../lib/common.mjs';
import { closeSync, existsSync, openSync, readFileSync, readdirSync } from 'node:fs';

const POLL_MS = 50;

export function runMeasured(command, args, { cwd, env, stdoutFile, stderrFile, timeoutMs }) {
  return new Promise((resolve) => {
    const out = openSync(stdoutFile, 'w');
    const err = openSync(stderrFile, 'w');
    const started = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, err], detached: true });
    let peakKb = 0;
    let peakAtMs = 0;
    let cpuTicks = 0;
    let samples = 0;
    const poll = setInterval(() => {
      const { rssKb, ticks } = treeUsage(child.pid);
      samples++;
      if (rssKb > peakKb) {
        peakKb = rssKb;
        peakAtMs = performance.now() - started;
      }
      if (ticks > cpuTicks) cpuTicks = ticks;
    }, POLL_MS);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    const finish = (code, signal) => {
      const ms = performance.now() - started;
      clearInterval(poll);
      clearTimeout(timer);
      closeSync(out);
      closeSync(err);
      resolve({ code, signal, ms, timedOut, peakRssMb: peakKb / 1024, peakAtMs, cpuSeconds: cpuTicks / CLOCK_TICKS, samples });
    };
    child.on('exit', finish);
    child.on('error', (error) => finish(null, String(error)));
  });
}

/**
 * Summed VmRSS (kB) and CPU time (user + system, clock ticks) of pid and its descendants.
 * CPU time is read while the processes live, so the last poll interval is missed.
 */
export function treeUsage(pid) {
  let rssKb = 0;
  let ticks = 0;
  for (const p of descendants(pid)) {
    rssKb += rssOf(p);
    ticks += cpuTicksOf(p);
  }
  return { rssKb, ticks };
}

function descendants(root) {
  const all = [root];
  for (let i = 0; i < all.length && i < 1000; i++) all.push(...childrenOf(all[i]));
  return all;
}

function childrenOf(pid) {
  const kids = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const file = `/proc/${pid}/task/${tid}/children`;
      if (!existsSync(file)) continue;
      for (const c of readFileSync(file, 'utf8').trim().split(/\s+/)) if (c) kids.push(Number(c));
    }
  } catch {
    // gone
  }
  return kids;
}

/** USER_HZ: 100 on Linux. */
const CLOCK_TICKS = 100;

function cpuTicksOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  } catch {
    return 0;
  }
}

function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
