// Child process of bench/mail-latency.mjs: the waiting side, in its own process as a
// Playwright worker is. For each expected message it arms a wait, tells the benchmark it
// is armed, and reports the moment the wait resolved:
//   hr:   process.hrtime.bigint() (CLOCK_MONOTONIC, one clock for every process here)
//   perf: performance.timeOrigin + performance.now() (high resolution, per-process origin)
//   date: Date.now() (wall clock, 1 ms steps)
//
//   fork('mail-latency-worker.mjs', [mode, api, address])
//   mode: ours (MailboxWatcher on the sink's SSE) | maildev-poll (GET /api/email every
//         10 ms) | maildev-socket (socket.io "newMail")
import { requirePeer } from './common.mjs';

const [mode, api, address] = process.argv.slice(2);
const MAX_LIFETIME_MS = 10 * 60_000;
const WAIT_MS = 10_000;
const POLL_MS = 10;

const stamp = () => ({ hr: String(process.hrtime.bigint()), perf: performance.timeOrigin + performance.now(), date: Date.now() });

let arm; // (subject) => Promise<string | undefined>: resolves with the matched subject
let close = () => undefined;

if (mode === 'ours') {
  const { MailboxWatcher } = await import('../../dist/mail/mailbox-watcher.js');
  const { SinkClient } = await import('../../dist/mail/sink-client.js');
  const { toPattern } = await import('../../dist/core/pattern.js');
  const watcher = new MailboxWatcher(new SinkClient(api), address, Date.now());
  await watcher.ready;
  arm = async (subject) => (await watcher.next({ subject: toPattern(subject) }, WAIT_MS))?.subject;
  close = () => watcher.close();
} else if (mode === 'maildev-poll') {
  // What a test helper (and MailDev's old UI) does: ask the REST API until the mail is
  // there. Filtered by subject on the server, so each answer stays one mail small.
  arm = async (subject) => {
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      const emails = await (await fetch(`${api}/api/email?${new URLSearchParams({ subject })}`)).json();
      if (emails.length) return emails[0].subject;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return undefined;
  };
} else if (mode === 'maildev-socket') {
  const { io } = requirePeer('socket.io-client');
  const socket = io(api, { transports: ['websocket'], reconnection: false });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const waiters = new Map();
  socket.on('newMail', (email) => {
    const waiter = waiters.get(email.subject);
    if (waiter) waiter(email.subject);
  });
  arm = (subject) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => finish(undefined), WAIT_MS);
      const finish = (value) => {
        clearTimeout(timer);
        waiters.delete(subject);
        resolve(value);
      };
      waiters.set(subject, finish);
    });
  close = () => socket.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}

process.on('disconnect', () => process.exit(0));
setTimeout(() => process.exit(2), MAX_LIFETIME_MS).unref();
process.on('message', (message) => {
  if (message?.cmd === 'expect') {
    const waiting = arm(message.subject);
    process.send({ armed: message.i });
    waiting.then((subject) => {
      const at = stamp();
      process.send({ i: message.i, ok: subject === message.subject, ...at });
    });
  } else if (message?.cmd === 'stop') {
    close();
    process.exit(0);
  }
});
process.send({ ready: true });
