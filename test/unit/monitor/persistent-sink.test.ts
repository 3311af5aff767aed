import { mkdtempSync, rmSync } from 'node:fs';
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
});
