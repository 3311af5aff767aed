import { copyFileSync, existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sendMailAs } from '../../../src/unsubscribe/send-mail.js';
import { startPersistentSink } from '../../../src/monitor/persistent-sink.js';
import { MonitorStore } from '../../../src/monitor/store.js';

const RETENTION_MS = 86_400_000;
let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

type Started = Awaited<ReturnType<typeof startPersistentSink>> & { store: MonitorStore };

/** One life of the sink: opens the store in `dir`, starts the persistent sink on it, and stops both after `use`. */
async function withSink<T>(use: (started: Started) => Promise<T>): Promise<T> {
  const store = await MonitorStore.open(dir);
  const started = await startPersistentSink({ dataDir: dir, store, retentionMs: RETENTION_MS, sweepDelayMs: 0 });
  try {
    return await use({ ...started, store });
  } finally {
    await started.sink.stop();
    await store.close();
  }
}

const send = (started: Started, subject: string, text = subject) =>
  sendMailAs({ relay: { host: started.endpoint.smtpHost, port: started.endpoint.smtpPort }, from: 'shop@example.com', to: 'reader.k3x9@journey-audit.test', subject, text });

async function listed(started: Started, query = ''): Promise<{ count: number; messages: { id: string; subject: string; seq: number; path: string }[] }> {
  return (await fetch(`${started.endpoint.api}/api/v1/messages${query}`)).json() as Promise<{ count: number; messages: { id: string; subject: string; seq: number; path: string }[] }>;
}

describe("the monitor's persistent sink", () => {
  it('serves every message again after a restart (index in the store, raw .eml on disk) and forgets deleted ones', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja-monitor-sink-'));
    await withSink(async (started) => {
      for (const n of [1, 2, 3]) await send(started, `Campaign ${n}`, `Hello ${n}`);
      const before = await listed(started);
      expect(before.count).toBe(3);
      expect((await fetch(`${started.endpoint.api}/api/v1/messages/${before.messages[0].id}`, { method: 'DELETE' })).status).toBe(200);
    });

    await withSink(async (started) => {
      expect(started.restored).toBe(2);
      const after = await listed(started, '?to=reader.k3x9@journey-audit.test');
      expect(after.messages.map((m) => m.subject)).toEqual(['Campaign 2', 'Campaign 3']);
      const parsed = (await (await fetch(`${started.endpoint.api}/api/v1/messages/${after.messages[1].id}`)).json()) as { text: string };
      expect(parsed.text.trim()).toBe('Hello 3');
      // New mail after the restart goes on after the old one.
      await send(started, 'Campaign 4', 'Hello 4');
      const all = await listed(started);
      expect(all.messages.map((m) => m.subject)).toEqual(['Campaign 2', 'Campaign 3', 'Campaign 4']);
      expect(all.messages[2].seq).toBeGreaterThan(all.messages[1].seq);
    });
  });

  it('serves at once after a restart and sweeps the folder afterwards: half-written and unindexed files of the dead process go, indexed ones stay', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja-monitor-sink-'));
    const kept = await withSink(async (started) => {
      await send(started, 'Kept');
      return (await listed(started)).messages[0];
    });
    // What a kill -9 leaves besides the index: a message half-written, and messages written
    // but not indexed yet (never acknowledged), one of them older than the retention.
    const leftover = (name: string, ageMs: number) => {
      const path = join(dir, 'mail', name);
      writeFileSync(path, 'Subject: never acknowledged\r\n\r\n');
      utimesSync(path, new Date(Date.now() - ageMs), new Date(Date.now() - ageMs));
      return path;
    };
    const partial = leftover('.0ddba1000007.partial', 0);
    const young = leftover('00008-0ddba1000008.eml', 60_000);
    const expired = leftover('00009-0ddba1000009.eml', RETENTION_MS + 60_000);

    await withSink(async (started) => {
      expect(started.restored).toBe(1);
      expect(await started.unindexedSwept).toBe(3);
      expect([existsSync(partial), existsSync(expired), existsSync(young), existsSync(kept.path)]).toEqual([false, false, true, true]);
      expect((await listed(started)).messages.map((m) => m.subject)).toEqual(['Kept']);
      // The younger one goes once it is older than the retention, like a message would.
      started.sink.store.expire(Date.now() + RETENTION_MS);
      await new Promise((r) => setTimeout(r, 100));
      expect(existsSync(young)).toBe(false);
    });
  });

  it('never hands out an id a restored message has, even when the earlier process drew the same id prefix', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja-monitor-sink-'));
    await withSink(async (started) => {
      await send(started, 'First');
      // The index holds a message whose id is the very next one this process would draw (as
      // if an earlier process with the same prefix had got that far).
      const [first] = started.store.loadMessages();
      const next = `${first.id.slice(0, 6)}${(parseInt(first.id.slice(6), 16) + 1).toString(16).padStart(6, '0')}`;
      const path = join(dir, 'mail', `00002-${next}.eml`);
      copyFileSync(first.path, path);
      started.store.insertMessage({ ...first, id: next, seq: 2, subject: 'Second', path });
    });

    await withSink(async (started) => {
      await send(started, 'Third');
      const all = await listed(started);
      expect(all.messages.map((m) => m.subject)).toEqual(['First', 'Second', 'Third']);
      expect(new Set(all.messages.map((m) => m.id)).size).toBe(3);
      expect(started.store.loadMessages().map((m) => m.subject)).toEqual(['First', 'Second', 'Third']);
    });
  });
});
