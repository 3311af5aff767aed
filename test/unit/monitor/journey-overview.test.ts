import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { journeyOverviews } from '../../../src/monitor/journey-overview.js';
import { MonitorStore } from '../../../src/monitor/store.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const NOW = Date.parse('2026-12-06T07:00:00Z');

describe('journey overviews', () => {
  it('after a run finishes, read again only the journey it belongs to, and show it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja-monitor-overview-'));
    const store = await MonitorStore.open(dir);
    try {
      const files = ['/j/a', '/j/b', '/j/c'];
      for (const f of files) await store.upsertJourney(f, f.slice(3).toUpperCase());
      let n = 0;
      const run = async (file: string, status: 'passed' | 'failed' | 'flaky', durationMs = 10_000) => {
        const id = `r${n++}`;
        await store.startRun({ id, journeyFile: file, trigger: 'schedule', startedAt: NOW + n * 1000 });
        await store.finishRun({ id, status, finishedAt: NOW + n * 1000 + durationMs, durationMs, findings: [], observations: [] });
      };
      for (const f of files) await run(f, 'passed');
      const overviews = journeyOverviews({ store, idOf: (f) => f.slice(3), reportPathOf: () => undefined, nextRuns: () => new Map(), isBusy: () => false });
      const reads = vi.spyOn(store, 'recentRunsOf');
      const first = await overviews();
      expect(reads).toHaveBeenCalledTimes(3);
      expect(await overviews()).toEqual(first); // nothing changed: nothing read
      expect(reads).toHaveBeenCalledTimes(3);

      await run('/j/b', 'failed', 30_000);
      await run('/j/b', 'flaky', 20_000);
      const second = await overviews();
      expect(reads).toHaveBeenCalledTimes(4); // only /j/b
      const b = second.find((j) => j.file === '/j/b')!;
      expect(b.status).toBe('flaky');
      expect(b.history.map((r) => r.status)).toEqual(['flaky', 'failed', 'passed']);
      expect(b.flakiness).toBeCloseTo(1 / 3);
      expect(b.medianDurationMs).toBe(20_000);
      expect(second.filter((j) => j.file !== '/j/b')).toEqual(first.filter((j) => j.file !== '/j/b'));

      // Retention may remove runs of any journey: all are read again.
      await store.applyRetention(NOW + 3_600_000, { maxAgeMs: 86_400_000, maxRunsPerJourney: 1 });
      const third = await overviews();
      expect(reads).toHaveBeenCalledTimes(7);
      expect(third.find((j) => j.file === '/j/b')!.history.map((r) => r.status)).toEqual(['flaky']);
    } finally {
      await store.close();
    }
  });
});
