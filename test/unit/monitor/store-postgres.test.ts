import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { MailSummary } from '../../../src/mail/received-mail.js';
import { journeyOverviews } from '../../../src/monitor/journey-overview.js';
import { LATEST_MIGRATION } from '../../../src/monitor/migrations.js';
import { MESSAGE_SQL, type MonitorDatabase, MonitorStore } from '../../../src/monitor/store.js';
import { pgliteDialect } from './pglite-dialect.js';

/**
 * The store's SQL on real PostgreSQL (PGlite: Postgres compiled to WebAssembly, through
 * Kysely's PostgresDialect): the migrations and every query the store issues, in the same
 * scenario as on SQLite, with the same answers.
 */

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-06T07:00:00Z');
const JOURNEYS = ['/j/checkout', '/j/newsletter', '/j/unsubscribe'];
const STATUSES = ['passed', 'passed', 'failed', 'flaky', 'passed', 'error', 'failed', 'passed'] as const;

/** What a scenario of a few weeks of a monitor's life reads back from the store, in plain values. */
async function scenario(store: MonitorStore) {
  for (const file of JOURNEYS) await store.upsertJourney(file, `Journey ${file.slice(3)}`);
  await store.upsertJourney('/j/checkout', 'Checkout'); // renamed: an upsert
  const changes = [];
  let n = 0;
  for (let day = 30; day >= 1; day--) {
    for (const file of JOURNEYS) {
      const id = `run-${String(n).padStart(4, '0')}`;
      const status = STATUSES[(n * 5 + day) % STATUSES.length];
      const startedAt = NOW - day * DAY + n * 1000;
      await store.startRun({ id, journeyFile: file, trigger: n % 4 ? 'schedule' : 'manual', slotAt: n % 4 ? startedAt : undefined, startedAt });
      await store.setRunPid(id, 4000 + n);
      changes.push(
        await store.finishRun({
          id,
          status,
          finishedAt: startedAt + 15_000 + (n % 7) * 1000,
          durationMs: 15_000 + (n % 7) * 1000,
          reportDir: n % 3 ? `/data/runs/${id}` : undefined,
          summary: { total: 2, passed: status === 'passed' ? 2 : 1 },
          error: status === 'error' ? 'no browser' : undefined,
          findings: status === 'failed' ? [{ code: 'TEXT_NOT_FOUND', severity: 'error', message: 'The page did not say “Thank you”' }, { code: 'LINK_BROKEN', severity: 'warning', message: 'A link is broken', rule: 'links' }] : [],
          observations: file === '/j/unsubscribe' && day <= 12 ? [{ id: 'obs-1', address: 'reader@journey-audit.test', window: '10 business days', startedAt: NOW - 12 * DAY, closesAt: NOW + 2 * DAY, status: 'open', mailsSeen: 12 - day, runs: 13 - day }] : [],
        }),
      );
      n++;
    }
  }
  await store.finishRun({ id: 'run-0000', status: 'interrupted', finishedAt: NOW - 30 * DAY + 9, durationMs: 9, findings: [], observations: [{ id: 'obs-0', address: 'old@journey-audit.test', window: '2 days', startedAt: NOW - 40 * DAY, closesAt: NOW - 38 * DAY, status: 'passed', mailsSeen: 0, runs: 2 }] });
  await store.startRun({ id: 'cut', journeyFile: '/j/checkout', trigger: 'manual', startedAt: NOW - 60_000 });
  await store.startRun({ id: 'going', journeyFile: '/j/newsletter', trigger: 'schedule', slotAt: NOW - 1000, startedAt: NOW - 1000 });
  const runningBefore = await store.runningCount();
  const interrupted = (await store.markInterrupted(NOW)).map((r) => r.id).sort();
  await store.startRun({ id: 'still-going', journeyFile: '/j/newsletter', trigger: 'schedule', startedAt: NOW });
  for (const [i, event] of ['failed', 'recovered', 'flaky'].entries()) {
    await store.recordAlert({ id: `alert-${i}`, journey_file: '/j/checkout', run_id: `run-000${i}`, event, channel: i ? 'webhook' : 'email', target: i ? 'webhook hooks.example.com' : 'marketing@example.com', attempts: i + 1, outcome: i === 2 ? 'failed' : 'delivered', detail: i === 2 ? 'HTTP 503' : null, at: NOW - (40 - i * 10) * DAY });
  }
  const overviews = journeyOverviews({
    store,
    idOf: (file) => file.slice(3),
    reportPathOf: (dir) => (dir ? `/reports${dir}/report.html` : undefined),
    nextRuns: () => new Map([['/j/checkout', NOW + DAY]]),
    isBusy: (file) => file === '/j/newsletter',
  });
  const read = async () => ({
    journeys: await store.journeys(),
    journey: await store.journey('/j/checkout'),
    missingJourney: (await store.journey('/j/nothing')) ?? null,
    recentRuns: Object.fromEntries(await store.recentRuns(5)),
    overviews: await overviews(),
    runs: await store.runs({ limit: 1000 }),
    runsOfOne: await store.runs({ journeyFile: '/j/newsletter', status: 'failed', before: NOW - 5 * DAY, limit: 3 }),
    run: await store.run('run-0005'),
    runningCount: await store.runningCount(),
    findings: await store.findings({ limit: 1000 }),
    findingsOfRun: await store.findings({ runId: 'run-0002' }),
    findingsByCode: await store.findings({ journeyFile: '/j/checkout', code: 'LINK_BROKEN', limit: 4 }),
    findingsByDay: await store.findingsByDay(NOW - 14 * DAY),
    openObservations: await store.observations('open'),
    observations: await store.observations(),
    alerts: await store.alerts(2),
    statusHistory: await store.db.selectFrom('status_history').selectAll().orderBy('journey_file').orderBy('since').execute(),
  });
  const before = await read();
  const removedReports = await store.applyRetention(NOW, { maxAgeMs: 20 * DAY, maxRunsPerJourney: 8 });
  const after = await read();
  return { changes, runningBefore, interrupted, before, removedReports: removedReports.sort(), after };
}

/** The sink's message index: the store's own hand-written SQL, `?` numbered for PostgreSQL. */
function messages(n: number): MailSummary[] {
  return Array.from({ length: n }, (_, i) => ({ id: `m${i}`, seq: i + 1, receivedAt: NOW + i, to: ['reader@journey-audit.test'], subject: `Order ${i}` }) as unknown as MailSummary);
}

function numbered(sqlText: string): string {
  let i = 0;
  return sqlText.replace(/\?/g, () => `$${++i}`);
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('monitor store on PostgreSQL (PGlite)', () => {
  it('applies the migrations and answers every query of the scenario as SQLite does', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja-monitor-pg-'));
    const sqliteStore = await MonitorStore.open(dir);
    const pg = new PGlite();
    const pgDb = new Kysely<MonitorDatabase>({ dialect: pgliteDialect(pg) });
    try {
      let t = performance.now();
      const onSqlite = await scenario(sqliteStore);
      const sqliteMs = performance.now() - t;
      t = performance.now();
      const pgStore = await MonitorStore.on(pgDb);
      const migrateMs = performance.now() - t;
      t = performance.now();
      const onPostgres = await scenario(pgStore);
      const pgMs = performance.now() - t;
      console.log(`store scenario (${onSqlite.after.runs.length} of ${onSqlite.before.runs.length} runs kept): SQLite ${sqliteMs.toFixed(0)} ms, PostgreSQL (PGlite) ${pgMs.toFixed(0)} ms (+ PGlite start and migrations ${migrateMs.toFixed(0)} ms)`);

      const applied = await pg.query<{ name: string }>('select name from kysely_migration order by name');
      expect(applied.rows.at(-1)?.name).toBe(LATEST_MIGRATION);
      // Epoch milliseconds beyond 2^31 need bigint columns, which PostgreSQL enforces.
      const types = await pg.query<{ column_name: string; data_type: string }>("select column_name, data_type from information_schema.columns where table_name = 'runs' and column_name in ('started_at', 'finished_at') order by column_name");
      expect(types.rows).toEqual([{ column_name: 'finished_at', data_type: 'bigint' }, { column_name: 'started_at', data_type: 'bigint' }]);

      expect(onSqlite.before.runs.length).toBe(93);
      expect(onSqlite.after.runs.length).toBeLessThan(onSqlite.before.runs.length);
      expect(onSqlite.before.findingsByDay.length).toBeGreaterThan(0);
      expect(onPostgres).toEqual(onSqlite);

      // The message index: the same statements, the same rows back.
      for (const m of [...messages(5), { ...messages(1)[0], subject: 'replaced' } as MailSummary]) {
        sqliteStore.insertMessage(m);
        await pg.query(numbered(MESSAGE_SQL.insert), [m.id, m.seq, m.receivedAt, JSON.stringify(m)]);
      }
      sqliteStore.deleteMessages(['m2', 'm3']);
      for (const id of ['m2', 'm3']) await pg.query(numbered(MESSAGE_SQL.remove), [id]);
      const fromPostgres = (await pg.query<{ summary: string }>(MESSAGE_SQL.load)).rows.map((r) => JSON.parse(r.summary) as MailSummary);
      expect(fromPostgres).toEqual(sqliteStore.loadMessages());
      expect(fromPostgres.map((m) => [m.id, (m as unknown as { subject: string }).subject])).toEqual([['m0', 'replaced'], ['m1', 'Order 1'], ['m4', 'Order 4']]);
    } finally {
      await sqliteStore.close();
      await pgDb.destroy();
      await pg.close();
    }
  }, 120_000);
});
