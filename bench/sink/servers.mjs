// The three mail servers under test, each in its own process so that its CPU time and
// peak memory can be read from /proc/<pid>:
//   ours      `journey-audit sink` (the real CLI)
//   maildev   MailDev 3 (bench/.peers), hosted by bench/lib/mail-latency-server.mjs
//   smtp-sink Postfix's smtp-sink (accepts and discards; no store, no API)
// start*() → { name, pid, smtpPort, api?, count(): Promise<number> | undefined, stop() }
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, freePort } from '../lib/common.mjs';

const START_TIMEOUT_MS = 30_000;

function exited(child) {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

async function stopChild(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited(child);
  clearTimeout(timer);
}

export async function startOurs() {
  const dir = mkdtempSync(join(tmpdir(), 'ja-bench-sink-ours-'));
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [CLI, 'sink', '--smtp-port', String(smtpPort), '--http-port', String(httpPort), '--dir', dir, '--max-size', '50MB', '--max-messages', '1000000'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, JOURNEY_AUDIT_SINK_TOKEN: '' },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!/HTTP API/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`journey-audit sink did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const api = `http://127.0.0.1:${httpPort}`;
  return {
    name: 'ours',
    pid: child.pid,
    smtpPort,
    api,
    count: async () => (await (await fetch(`${api}/api/v1/messages/count`)).json()).count,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startMailDev() {
  const host = fileURLToPath(new URL('../lib/mail-latency-server.mjs', import.meta.url));
  const child = fork(host, ['maildev'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('MailDev did not start within 30 s')), START_TIMEOUT_MS);
    child.once('message', (message) => {
      clearTimeout(timer);
      if (message.error) reject(new Error(message.error));
      else resolve(message.ready);
    });
    child.once('exit', (code) => reject(new Error(`MailDev host exited with ${code}`)));
  });
  return {
    name: 'maildev',
    pid: child.pid,
    smtpPort: ready.smtpPort,
    api: ready.api,
    count: async () => (await (await fetch(`${ready.api}/api/email/summary?limit=1`)).json()).total,
    stop: async () => {
      try {
        child.send({ cmd: 'stop' });
      } catch {
        // gone already
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}

export async function startSmtpSink(binary) {
  const smtpPort = await freePort();
  // -u nobody: it refuses to run as root; -m: up to 1024 sessions at once; backlog 1024.
  const child = spawn(binary, ['-u', 'nobody', '-m', '1024', `127.0.0.1:${smtpPort}`, '1024'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (d) => (errors += d));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`smtp-sink exited: ${errors}`);
    const up = await new Promise((resolve) => {
      const socket = connect(smtpPort, '127.0.0.1');
      socket.once('data', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) throw new Error('smtp-sink did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { name: 'smtp-sink', pid: child.pid, smtpPort, api: undefined, count: undefined, stop: () => stopChild(child) };
}
