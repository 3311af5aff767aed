import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_MIGRATION } from '../../../src/monitor/migrations.js';
import { MonitorStore, STORE_FILE } from '../../../src/monitor/store.js';
import { openSqliteFile } from '../../../src/monitor/sqlite-file.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const DAY = 86_400_000;

describe('monitor store', () => {
  it('applies each migration once, in WAL mode', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja-monitor-store-'));
    await (await MonitorStore.open(dir)).close();
    await (await MonitorStore.open(dir)).close(); // second open: nothing to apply
    const db = openSqliteFile(join(dir, STORE_FILE), { readonly: true });
    const applied = db.prepare('select name from kysely_migration order by name').pluck().all();
    expect(applied.at(-1)).toBe(LATEST_MIGRATION);
    expect(new Set(applied).size).toBe(applied.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('records status changes once, marks runs left running as interrupted, and keeps runs by age and count', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja-monitor-store-'));
    const store = await MonitorStore.open(dir);
    try {
      const now = Date.parse('2026-12-06T07:00:00Z');
      await store.upsertJourney('/j/a', 'A');
      const changes = [];
      for (const [i, status] of (['passed', 'passed', 'failed', 'failed', 'passed'] as const).entries()) {
        const id = `r${i}`;
        await store.startRun({ id, journeyFile: '/j/a', trigger: 'schedule', startedAt: now - (10 - i) * DAY });
        changes.push(await store.finishRun({ id, status, finishedAt: now - (10 - i) * DAY + 1000, durationMs: 1000, findings: status === 'failed' ? [{ code: 'X', severity: 'error', message: 'broken' }] : [], observations: [] }));
      }
      expect(changes.map((c) => (c ? `${c.from}→${c.to}` : '-'))).toEqual(['never-run→passed', '-', 'passed→failed', '-', 'failed→passed']);
      await store.startRun({ id: 'cut', journeyFile: '/j/a', trigger: 'manual', startedAt: now });
      expect((await store.markInterrupted(now + 1)).map((r) => r.id)).toEqual(['cut']);
      expect((await store.run('cut'))?.status).toBe('interrupted');
      // Older than 7 days: r0..r2 (10, 9, 8 days); beyond the newest 2 per journey: r3 too (cut and r4 stay).
      await store.applyRetention(now, { maxAgeMs: 7 * DAY + 60_000, maxRunsPerJourney: 2 });
      expect((await store.runs({ limit: 100 })).map((r) => r.id)).toEqual(['cut', 'r4']);
      expect(await store.findings({ journeyFile: '/j/a' })).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
