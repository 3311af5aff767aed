// Child process of bench/mail-latency.mjs that hosts the mail server under test, so the
// SMTP client (the benchmark process), the server and the waiting worker are three
// processes, as in a real run (site, journey-audit CLI, Playwright worker).
//
//   fork('mail-latency-server.mjs', ['sink' | 'maildev'])  →  { ready: { smtpPort, api } }
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, importPeerFile } from './common.mjs';

const kind = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), `ja-bench-${kind}-`));
const MAX_LIFETIME_MS = 10 * 60_000;
let stop = async () => undefined;

async function start() {
  if (kind === 'sink') {
    const { Sink } = await import('../../dist/mail/sink.js');
    const sink = new Sink({ dir });
    const endpoint = await sink.start();
    stop = () => sink.stop();
    return { smtpPort: endpoint.smtpPort, api: endpoint.api, domain: endpoint.domain };
  }
  if (kind === 'maildev') {
    const { MailDev } = await importPeerFile('maildev/dist/index.js');
    const smtp = await freePort();
    const web = await freePort();
    const maildev = new MailDev({ smtp, web, ip: '127.0.0.1', webIp: '127.0.0.1', silent: true, mailDirectory: dir });
    await maildev.start();
    stop = () => maildev.stop();
    return { smtpPort: smtp, api: `http://127.0.0.1:${web}` };
  }
  throw new Error(`unknown server kind ${kind}`);
}

async function shutdown(code) {
  await Promise.race([stop().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}

// Never outlive the benchmark.
process.on('disconnect', () => shutdown(0));
setTimeout(() => shutdown(2), MAX_LIFETIME_MS).unref();
process.on('message', (message) => {
  if (message?.cmd === 'stop') shutdown(0);
});

try {
  process.send({ ready: await start() });
} catch (error) {
  process.send({ error: String(error?.stack ?? error) });
  await shutdown(1);
}
