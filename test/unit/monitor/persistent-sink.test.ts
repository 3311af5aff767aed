import { copyFileSync, existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sendMailAs } from '../../../src/unsubscribe/send-mail.js';
import { startPersistentSink } from '../../../src/monitor/persistent-sink.js';
import { MonitorStore } from '../../../src/monitor/store.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("the monitor's persistent sink", () => {
  it('serves every message again after a restart (index in the store, raw .eml on disk) and forgets deleted ones', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja-monitor-sink-'));
    let store = await MonitorStore.open(dir);
    let started = await startPersistentSink({ dataDir: dir, store, retentionMs: 86_400_000 });
    try {
      for (const n of [1, 2, 3]) {
        await sendMailAs({ relay: { host: started.endpoint.smtpHost, port: started.endpoint.smtpPort }, from: 'shop@example.com', to: 'reader.k3x9@journey-audit.test', subject: `Campaign ${n}`, text: `Hello ${n}` });
      }
      const before = await (await fetch(`${started.endpoint.api}/api/v1/messages`)).json() as { count: number; messages: { id: string }[] };
      expect(before.count).toBe(3);
      expect((await fetch(`${started.endpoint.api}/api/v1/messages/${before.messages[0].id}`, { method: 'DELETE' })).status).toBe(200);
    } finally {
      await started.sink.stop();
      await store.close();
    }

    store = await MonitorStore.open(dir);
    started = await startPersistentSink({ dataDir: dir, store, retentionMs: 86_400_000 });
    try {
      expect(started.restored).toBe(2);
      const after = await (await fetch(`${started.endpoint.api}/api/v1/messages?to=reader.k3x9@journey-audit.test`)).json() as { count: number; messages: { id: string; subject: string; seq: number }[] };
      expect(after.messages.map((m) => m.subject)).toEqual(['Campaign 2', 'Campaign 3']);
      const parsed = await (await fetch(`${started.endpoint.api}/api/v1/messages/${after.messages[1].id}`)).json() as { text: string };
      expect(parsed.text.trim()).toBe('Hello 3');
      // New mail after the restart goes on after the old one.
      await sendMailAs({ relay: { host: started.endpoint.smtpHost, port: started.endpoint.smtpPort }, from: 'shop@example.com', to: 'reader.k3x9@journey-audit.test', subject: 'Campaign 4', text: 'Hello 4' });
      const all = await (await fetch(`${started.endpoint.api}/api/v1/messages`)).json() as { messages: { subject: string; seq: number }[] };
      expect(all.messages.map((m) => m.subject)).toEqual(['Campaign 2', 'Campaign 3', 'Campaign 4']);
      expect(all.messages[2].seq).toBeGreaterThan(all.messages[1].seq);
    } finally {
      await started.sink.stop();
      await store.close();
    }
  });

  it('serves at once after a restart and sweeps the folder afterwards: half-written and unindexed files of the dead process go, indexed ones stay', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja-monitor-sink-'));
    const retentionMs = 86_400_000;
    let store = await MonitorStore.open(dir);
    let started = await startPersistentSink({ dataDir: dir, store, retentionMs });
    let kept: { id: string; path: string };
    try {
      await sendMailAs({ relay: { host: started.endpoint.smtpHost, port: started.endpoint.smtpPort }, from: 'shop@example.com', to: 'reader@journey-audit.test', subject: 'Kept', text: 'kept' });
      kept = ((await (await fetch(`${started.endpoint.api}/api/v1/messages`)).json()) as { messages: { id: string; path: string }[] }).messages[0];
    } finally {
      await started.sink.stop();
      await store.close();
    }
    // What a kill -9 leaves besides the index: a message half-written, and messages written
    // but not indexed yet (never acknowledged), one of them older than the retention.
    const mail = join(dir, 'mail');
    const file = (name: string, ageMs: number) => {
      writeFileSync(join(mail, name), 'Subject: never acknowledged\r\n\r\n');
      const at = new Date(Date.now() - ageMs);
      utimesSync(join(mail, name), at, at);
      return join(mail, name);
    };
    const partial = file('.0ddba1000007.partial', 0);
    const young = file('00008-0ddba1000008.eml', 60_000);
    const expired = file('00009-0ddba1000009.eml', retentionMs + 60_000);

    store = await MonitorStore.open(dir);
    started = await startPersistentSink({ dataDir: dir, store, retentionMs });
    try {
      expect(started.restored).toBe(1);
      expect(await started.unindexedSwept).toBe(3);
      expect([existsSync(partial), existsSync(expired), existsSync(young), existsSync(kept.path)]).toEqual([false, false, true, true]);
      const listed = (await (await fetch(`${started.endpoint.api}/api/v1/messages`)).json()) as { messages: { id: string; subject: string }[] };
      expect(listed.messages.map((m) => m.subject)).toEqual(['Kept']);
      // The younger one goes once it is older than the retention, like a message would.
      started.sink.store.expire(Date.now() + retentionMs);
      await new Promise((r) => setTimeout(r, 100));
      expect(existsSync(young)).toBe(false);
    } finally {
      await started.sink.stop();
      await store.close();
    }
  });

  it('never hands out an id a restored message has, even when the earlier process drew the same id prefix', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja-monitor-sink-'));
    let store = await MonitorStore.open(dir);
    let started = await startPersistentSink({ dataDir: dir, store, retentionMs: 86_400_000 });
    const relay = () => ({ host: started.endpoint.smtpHost, port: started.endpoint.smtpPort });
    try {
      await sendMailAs({ relay: relay(), from: 'shop@example.com', to: 'reader@journey-audit.test', subject: 'First', text: 'first' });
      // The index holds a message whose id is the very next one this process would draw (as
      // if an earlier process with the same prefix had got that far).
      const [first] = store.loadMessages();
      const next = `${first.id.slice(0, 6)}${(parseInt(first.id.slice(6), 16) + 1).toString(16).padStart(6, '0')}`;
      const path = join(dir, 'mail', `00002-${next}.eml`);
      copyFileSync(first.path, path);
      store.insertMessage({ ...first, id: next, seq: 2, subject: 'Second', path });
    } finally {
      await started.sink.stop();
      await store.close();
    }

    store = await MonitorStore.open(dir);
    started = await startPersistentSink({ dataDir: dir, store, retentionMs: 86_400_000 });
    try {
      await sendMailAs({ relay: relay(), from: 'shop@example.com', to: 'reader@journey-audit.test', subject: 'Third', text: 'third' });
      const listed = (await (await fetch(`${started.endpoint.api}/api/v1/messages`)).json()) as { messages: { id: string; subject: string }[] };
      expect(listed.messages.map((m) => m.subject)).toEqual(['First', 'Second', 'Third']);
      expect(new Set(listed.messages.map((m) => m.id)).size).toBe(3);
      expect(store.loadMessages().map((m) => m.subject)).toEqual(['First', 'Second', 'Third']);
    } finally {
      await started.sink.stop();
      await store.close();
    }
  });
});
