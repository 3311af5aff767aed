import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostPort } from '../../src/core/host-port.js';
import { sendMailAs } from '../../src/unsubscribe/send-mail.js';

/**
 * The monitor's persistent sink under `kill -9`: every message the sink accepted (250 to
 * the end of DATA) is served again after the restart, through the API.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'ja-monitor-sink-crash-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const SCRIPT = `
  const { MonitorStore } = await import(${JSON.stringify(resolve('dist/monitor/store.js'))});
  const { startPersistentSink } = await import(${JSON.stringify(resolve('dist/monitor/persistent-sink.js'))});
  const store = await MonitorStore.open(process.argv[1]);
  const { endpoint } = await startPersistentSink({ dataDir: process.argv[1], store, retentionMs: 86400000 });
  console.log(JSON.stringify(endpoint));
  setInterval(() => {}, 1000);
`;

function startSink(): Promise<{ child: ChildProcess; api: string; smtp: HostPort }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sink did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        const endpoint = JSON.parse(line) as { api: string; smtpHost: string; smtpPort: number };
        resolvePromise({ child, api: endpoint.api, smtp: { host: endpoint.smtpHost, port: endpoint.smtpPort } });
      }
    });
  });
}

describe("the monitor's sink under kill -9", () => {
  it('loses no accepted message across 5 kill -9 restarts under load', { timeout: 240_000 }, async () => {
    const accepted: string[] = [];
    for (let round = 0; round < 5; round++) {
      const sink = await startSink();
      const exited = new Promise((r) => sink.child.on('exit', r));
      // Four senders at once; the kill comes while mail is in flight.
      let stop = false;
      const sender = async (lane: number) => {
        for (let i = 0; !stop; i++) {
          const subject = `r${round}-l${lane}-m${i}`;
          try {
            await sendMailAs({ relay: sink.smtp, from: 'shop@example.com', to: 'reader@journey-audit.test', subject, text: 'x'.repeat(2000), timeoutMs: 5000 });
            accepted.push(subject);
          } catch {
            return; // the sink died under us: this message was not accepted
          }
        }
      };
      const lanes = [0, 1, 2, 3].map(sender);
      await new Promise((r) => setTimeout(r, 700 + round * 150));
      sink.child.kill('SIGKILL');
      stop = true;
      await exited;
      await Promise.all(lanes);
    }
    const sink = await startSink();
    const listed = (await (await fetch(`${sink.api}/api/v1/messages`)).json()) as { messages: { subject: string }[] };
    const served = new Set(listed.messages.map((m) => m.subject));
    expect(accepted.length).toBeGreaterThan(10);
    expect(accepted.filter((s) => !served.has(s))).toEqual([]);
    sink.child.kill('SIGKILL');
  });
});
