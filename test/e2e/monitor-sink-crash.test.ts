import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostPort } from '../../src/core/host-port.js';
import { sendMailAs } from '../../src/unsubscribe/send-mail.js';
import { trackChild } from '../support/child-processes.js';

/**
 * The monitor's persistent sink under `kill -9`: every message the SMTP client got a 250
 * for (the end of DATA) is served again after the restarts, once, through the API. The
 * folder sweep for unindexed files starts at once, so it runs while mail arrives.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'ja-monitor-sink-crash-'));

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const ROUNDS = 20;
const LANES = 4;
/** Each sender stops by itself after this many messages; a round's kill comes well before. */
const PER_LANE = 1000;
/** The kill comes this long (at random, uniformly) after the round's first 250. */
const KILL_WITHIN_MS = 1500;

const SCRIPT = `
  const { MonitorStore } = await import(${JSON.stringify(resolve('dist/monitor/store.js'))});
  const { startPersistentSink } = await import(${JSON.stringify(resolve('dist/monitor/persistent-sink.js'))});
  const store = await MonitorStore.open(process.argv[1]);
  const { endpoint } = await startPersistentSink({ dataDir: process.argv[1], store, retentionMs: 86400000, sweepDelayMs: 0 });
  console.log(JSON.stringify(endpoint));
  setInterval(() => {}, 1000);
`;

function startSink(): Promise<{ child: ChildProcess; api: string; smtp: HostPort }> {
  const child = trackChild(spawn(process.execPath, ['--input-type=module', '-e', SCRIPT, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] }));
  return new Promise((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sink did not start: ${out}`)), 60_000);
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the monitor's sink under kill -9", () => {
  it(`loses no acknowledged message across ${ROUNDS} kill -9 restarts under load, and serves each once`, { timeout: 900_000 }, async () => {
    const acknowledged: string[] = [];
    const rounds: { killAfterMs: number; acknowledged: number; inFlightAtKill: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const sink = await startSink();
      const exited = new Promise((r) => sink.child.once('exit', r));
      let inFlight = 0;
      let acknowledgedThisRound = 0;
      // Senders at once, each a new SMTP connection per message, bounded; a message counts
      // only once its 250 came back. The sink dying under a sender ends that sender.
      const sender = async (lane: number) => {
        for (let i = 0; i < PER_LANE; i++) {
          const subject = `r${round}-l${lane}-m${i}`;
          inFlight++;
          try {
            await sendMailAs({ relay: sink.smtp, from: 'shop@example.com', to: 'reader@journey-audit.test', subject, text: 'x'.repeat(2000), timeoutMs: 10_000 });
            acknowledged.push(subject);
            acknowledgedThisRound++;
          } catch {
            return;
          } finally {
            inFlight--;
          }
        }
      };
      const lanes = Array.from({ length: LANES }, (_, lane) => sender(lane));
      for (let waited = 0; acknowledgedThisRound === 0 && waited < 60_000; waited += 20) await sleep(20);
      const killAfterMs = Math.round(Math.random() * KILL_WITHIN_MS);
      await sleep(killAfterMs);
      const inFlightAtKill = inFlight;
      sink.child.kill('SIGKILL');
      await exited;
      await Promise.all(lanes);
      rounds.push({ killAfterMs, acknowledged: acknowledgedThisRound, inFlightAtKill });
    }

    const sink = await startSink();
    const listed = (await (await fetch(`${sink.api}/api/v1/messages`)).json()) as { messages: { id: string; subject: string }[] };
    const served = new Map<string, number>();
    for (const { subject } of listed.messages) served.set(subject, (served.get(subject) ?? 0) + 1);
    const report = JSON.stringify(rounds);
    // Every kill came while mail was on its way (mid-stream), and every round had mail acknowledged.
    expect(rounds.filter((r) => r.inFlightAtKill === 0 || r.acknowledged === 0), report).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(ROUNDS * 5);
    expect(acknowledged.filter((subject) => served.get(subject) !== 1), report).toEqual([]);
    // And their raw content with them (the sweep for unindexed files ran while mail arrived).
    const wanted = new Set(acknowledged);
    const toRead = listed.messages.filter((m) => wanted.has(m.subject));
    const unreadable: string[] = [];
    const reader = async () => {
      for (let m = toRead.pop(); m; m = toRead.pop()) {
        const response = await fetch(`${sink.api}/api/v1/messages/${m.id}/raw`);
        if (response.status !== 200 || !(await response.text()).includes(`Subject: ${m.subject}`)) unreadable.push(m.subject);
      }
    };
    await Promise.all(Array.from({ length: 8 }, reader));
    expect(unreadable).toEqual([]);
    console.log(`kill -9 restarts: ${ROUNDS}, acknowledged ${acknowledged.length}, served ${listed.messages.length}, acknowledged and served once ${acknowledged.filter((s) => served.get(s) === 1).length}`);
  });
});
