// Benchmark 3: mail latency. From the end of SMTP DATA (the moment the client reads the
// server's 250) to the wait resolving in a separate worker process, over 500 messages
// sent one at a time:
//   ours            journey-audit's Sink (its own process) → MailboxWatcher.next() on SSE
//   maildev-poll    MailDev (bench/.peers) → GET /api/email?subject= every 10 ms
//   maildev-socket  MailDev → socket.io "newMail" event
// The variants take turns in blocks (alternating order) so machine noise hits all alike.
//
//   node bench/mail-latency.mjs               500 messages per variant (+20 warm-up)
//   BENCH_MESSAGES=200 node bench/mail-latency.mjs
//
// Goal: p95 < 5 ms for ours.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, ensurePeers, fmtMs, fmtRatio, goalLine, median, quantile, table, writeBenchResult } from './lib/common.mjs';
import { RawSmtpClient, receiptMessage } from './lib/smtp-client.mjs';

const GOAL_P95_MS = 5;
const MESSAGES = Math.max(10, Math.min(5_000, Number(process.env.BENCH_MESSAGES ?? 500)));
const WARMUP = 20;
const BLOCKS = 5;
const TOTAL_DEADLINE = Date.now() + 8 * 60_000; // stop sending after this, whatever happens

ensureBuilt();
const haveMailDev = ensurePeers(['maildev', 'socket.io-client']);
const here = (file) => fileURLToPath(new URL(`./lib/${file}`, import.meta.url));

/** Forks a child and resolves with its first message ({ ready } or { error }). */
function forkReady(file, args) {
  const child = fork(here(file), args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} ${args[0]}: not ready within 30 s`)), 30_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      if (message.error) reject(new Error(message.error));
      else resolve({ child, ready: message.ready });
    });
    child.once('exit', (code) => reject(new Error(`${file} ${args[0]} exited with ${code}`)));
  });
}

const variants = [{ key: 'ours', server: 'sink', label: 'journey-audit Sink → MailboxWatcher (SSE)' }];
if (haveMailDev) {
  variants.push({ key: 'maildev-poll', server: 'maildev', label: 'MailDev → GET /api/email every 10 ms' });
  variants.push({ key: 'maildev-socket', server: 'maildev', label: 'MailDev → socket.io newMail' });
}

const children = [];
const first = {}; // the very first message of each variant (warm-up, not in the percentiles)
const results = Object.fromEntries(variants.map((v) => [v.key, { fromAccepted: [], fromAcceptedPerf: [], fromAcceptedDate: [], fromDataEnd: [], acceptMs: [], misses: 0 }]));
try {
  for (const variant of variants) {
    // Each variant gets its own server, connection and worker.
    const server = await forkReady('mail-latency-server.mjs', [variant.server]);
    children.push(server.child);
    const address = `reader.${variant.key}@journey-audit.test`;
    const worker = await forkReady('mail-latency-worker.mjs', [variant.key, server.ready.api, address]);
    children.push(worker.child);
    const smtp = new RawSmtpClient('127.0.0.1', server.ready.smtpPort);
    await smtp.open();
    Object.assign(variant, { worker: worker.child, smtp, address, sent: 0 });
  }

  /** One message: arm the worker, send, and pair the client's 250 with the worker's stamp. */
  const one = async (variant, i, record) => {
    const subject = `Your receipt ${variant.key} ${String(i).padStart(5, '0')}`;
    const worker = variant.worker;
    const armed = new Promise((resolve) => worker.once('message', resolve));
    const resolved = new Promise((resolve) => {
      const onMessage = (message) => {
        if (message.i === i && message.hr !== undefined) {
          worker.off('message', onMessage);
          resolve(message);
        }
      };
      worker.on('message', onMessage);
    });
    worker.send({ cmd: 'expect', i, subject });
    await armed;
    const { dataEnd, accepted } = await variant.smtp.send({ from: 'shop@bookshop.test', to: variant.address, raw: receiptMessage({ from: 'shop@bookshop.test', to: variant.address, subject, i }) });
    const seen = await resolved;
    if (i === -1) first[variant.key] = { acceptMs: Number(accepted.hr - dataEnd.hr) / 1e6, latency: Number(BigInt(seen.hr) - accepted.hr) / 1e6 };
    if (!record) return;
    const r = results[variant.key];
    if (!seen.ok) {
      r.misses++;
      return;
    }
    r.fromAccepted.push(Number(BigInt(seen.hr) - accepted.hr) / 1e6);
    r.fromAcceptedPerf.push(seen.perf - accepted.perf);
    r.fromAcceptedDate.push(seen.date - accepted.date);
    r.fromDataEnd.push(Number(BigInt(seen.hr) - dataEnd.hr) / 1e6);
    r.acceptMs.push(Number(accepted.hr - dataEnd.hr) / 1e6);
  };

  for (const variant of variants) for (let i = 0; i < WARMUP; i++) await one(variant, -1 - i, false);
  const perBlock = Math.ceil(MESSAGES / BLOCKS);
  console.log(`mail-latency: ${MESSAGES} messages per variant, one at a time, in ${BLOCKS} alternating blocks (+${WARMUP} warm-up each)`);
  for (let block = 0; block < BLOCKS; block++) {
    const order = block % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) {
      for (let k = 0; k < perBlock && variant.sent < MESSAGES && Date.now() < TOTAL_DEADLINE; k++) await one(variant, variant.sent++, true);
    }
    console.log(`  block ${block + 1}/${BLOCKS}: ${variants.map((v) => `${v.key} p50 ${fmtMs(median(results[v.key].fromAccepted), 2)}`).join(', ')}`);
  }
  for (const variant of variants) await variant.smtp.close();
} finally {
  for (const child of children) {
    try {
      child.send({ cmd: 'stop' });
    } catch {
      // already gone
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
}

const q = (values, p) => quantile(values, p);
const rows = variants.map((v) => {
  const r = results[v.key];
  return [v.label, r.fromAccepted.length, fmtMs(q(r.fromAccepted, 0.5), 2), fmtMs(q(r.fromAccepted, 0.95), 2), fmtMs(q(r.fromAccepted, 0.99), 2), fmtMs(Math.max(...r.fromAccepted), 2), fmtMs(q(r.fromDataEnd, 0.95), 2), fmtMs(median(r.acceptMs), 2), r.misses];
});
const mainTable = table(['variant', 'n', 'p50', 'p95', 'p99', 'max', 'p95 from end of DATA sent', 'median DATA→250', 'missed'], rows);
const clockRows = variants.map((v) => {
  const r = results[v.key];
  return [v.key, fmtMs(q(r.fromAccepted, 0.5), 3), fmtMs(q(r.fromAcceptedPerf, 0.5), 3), fmtMs(q(r.fromAcceptedDate, 0.5), 0), fmtMs(q(r.fromAccepted, 0.95), 3), fmtMs(q(r.fromAcceptedPerf, 0.95), 3)];
});
const clockTable = table(['variant', 'p50 hrtime', 'p50 timeOrigin+now', 'p50 Date.now', 'p95 hrtime', 'p95 timeOrigin+now'], clockRows);
const ours95 = q(results.ours.fromAccepted, 0.95);
const goalMet = ours95 < GOAL_P95_MS && results.ours.misses === 0;
const peerLines = variants
  .filter((v) => v.key !== 'ours')
  .map((v) => `ratio p95 ours / ${v.key}: ${fmtRatio(ours95 / q(results[v.key].fromAccepted, 0.95))} (${fmtMs(ours95, 2)} vs ${fmtMs(q(results[v.key].fromAccepted, 0.95), 2)})`);
const lines = [
  'Latency = worker saw the mail − client read the 250 after DATA (process.hrtime, CLOCK_MONOTONIC, shared by all processes). A negative value means the push reached the worker before the 250 reached the client: both servers publish a message before they answer 250.',
  '',
  mainTable,
  '',
  'Same intervals by each clock (the worker and the client stamp all three):',
  '',
  clockTable,
  '',
  `First message on a fresh server (warm-up, not counted above): ${variants.map((v) => `${v.key} DATA→250 ${fmtMs(first[v.key]?.acceptMs, 1)}, then ${fmtMs(first[v.key]?.latency, 2)} to the worker`).join('; ')}`,
  '',
  ...peerLines,
  haveMailDev ? null : 'MailDev could not be installed: no peer figures',
  goalLine(goalMet, `p95 < ${GOAL_P95_MS} ms from 250 to MailboxWatcher.next() in another process (measured ${fmtMs(ours95, 2)}${results.ours.misses ? `, ${results.ours.misses} missed` : ''})`),
].filter((l) => l !== null);
const text = lines.join('\n');
console.log(`\n${text}`);
writeBenchResult({
  name: 'mail-latency',
  title: `Mail latency: end of SMTP DATA to the waiting worker (${MESSAGES} messages)`,
  n: MESSAGES,
  text,
  goal: `p95 < ${GOAL_P95_MS} ms`,
  goalMet,
  percentiles: Object.fromEntries(variants.map((v) => [v.key, { p50: q(results[v.key].fromAccepted, 0.5), p95: q(results[v.key].fromAccepted, 0.95), p99: q(results[v.key].fromAccepted, 0.99), misses: results[v.key].misses }])),
  first,
  ratio: variants.length > 1 ? ours95 / q(results['maildev-socket']?.fromAccepted ?? [], 0.95) : NaN,
});
process.exit(0);
