import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, SqliteDialect, sql, type Selectable } from 'kysely';
import type { MailSummary } from '../mail/received-mail.js';
import { migrateToLatest } from './migrations.js';
import { openSqliteFile, type SqliteDatabase, type SqliteStatement } from './sqlite-file.js';

/**
 * The monitor's embedded store: SQLite (better-sqlite3) in WAL mode behind Kysely, so the
 * same queries run on PostgreSQL (checked on PGlite by test/unit/monitor/store-postgres.test.ts).
 * Every write that belongs together is one transaction: a `kill -9` at any moment leaves
 * either all of a run's rows or none.
 */

export type RunStatus = 'running' | 'passed' | 'failed' | 'flaky' | 'inconclusive' | 'error' | 'interrupted';
export type JourneyStatus = 'never-run' | 'passed' | 'failed' | 'flaky' | 'inconclusive' | 'error';
export type RunTrigger = 'schedule' | 'manual';

interface JourneysTable { file: string; name: string; status: string; status_since: number | null; last_run_id: string | null }
interface RunsTable {
  id: string; journey_file: string; trigger: string; slot_at: number | null; started_at: number; finished_at: number | null;
  status: string; duration_ms: number | null; report_dir: string | null; summary: string | null; error: string | null; pid: number | null;
}
interface FindingsTable { run_id: string; ordinal: number; journey_file: string; code: string; severity: string; message: string; rule: string | null; found_at: number }
interface StatusHistoryTable { journey_file: string; since: number; status: string; run_id: string }
interface AlertDeliveriesTable { id: string; journey_file: string; run_id: string; event: string; channel: string; target: string; attempts: number; outcome: string; detail: string | null; at: number }
interface ObservationsTable { id: string; journey_file: string; address: string; window: string; started_at: number; closes_at: number; status: string; mails_seen: number; runs: number; updated_at: number }
interface MessagesTable { id: string; seq: number; received_at: number; summary: string }

export interface MonitorDatabase {
  journeys: JourneysTable;
  runs: RunsTable;
  findings: FindingsTable;
  status_history: StatusHistoryTable;
  alert_deliveries: AlertDeliveriesTable;
  observations: ObservationsTable;
  messages: MessagesTable;
}

export type RunRow = Selectable<RunsTable>;
export type RecentRun = Pick<RunRow, 'id' | 'status' | 'started_at' | 'duration_ms' | 'report_dir'>;
export type JourneyRow = Selectable<JourneysTable>;
export type FindingRow = Selectable<FindingsTable>;
export type AlertRow = Selectable<AlertDeliveriesTable>;
export type ObservationRow = Selectable<ObservationsTable>;

export interface FinishedRun {
  id: string;
  status: Exclude<RunStatus, 'running'>;
  finishedAt: number;
  durationMs: number;
  reportDir?: string;
  summary?: unknown;
  error?: string;
  findings: { code: string; severity: string; message: string; rule?: string }[];
  observations: { id: string; address: string; window: string; startedAt: number; closesAt: number; status: string; mailsSeen: number; runs: number }[];
}

export interface StatusChange {
  journeyFile: string;
  journeyName: string;
  from: JourneyStatus;
  to: JourneyStatus;
}

export const STORE_FILE = 'monitor.sqlite';

/**
 * The message index's SQL, hand-written for prepared statements (`?` placeholders) and
 * portable: an upsert both SQLite (3.24+) and PostgreSQL speak, not SQLite's `insert or replace`.
 */
export const MESSAGE_SQL = {
  insert: 'insert into messages (id, seq, received_at, summary) values (?, ?, ?, ?) on conflict (id) do update set seq = excluded.seq, received_at = excluded.received_at, summary = excluded.summary',
  remove: 'delete from messages where id = ?',
  load: 'select summary from messages order by seq',
} as const;

export class MonitorStore {
  private writes = 0;
  /** The write counter after the last write that touched each journey's row or runs. */
  private readonly journeyWrites = new Map<string, number>();
  /** The write counter after the last write that may have touched any journey (retention, interruptions). */
  private anyJourneyWrites = 0;

  private constructor(
    readonly db: Kysely<MonitorDatabase>,
    private readonly sqlite?: SqliteDatabase,
  ) {}

  /**
   * The store on another engine's Kysely database (PostgreSQL), migrated. Everything but the
   * sink's message index works: that index uses better-sqlite3's synchronous calls.
   */
  static async on(db: Kysely<MonitorDatabase>): Promise<MonitorStore> {
    await migrateToLatest(db as Kysely<unknown>);
    return new MonitorStore(db);
  }

  /** Opens (creating) `<dataDir>/monitor.sqlite` and migrates it to the latest schema. */
  static async open(dataDir: string): Promise<MonitorStore> {
    mkdirSync(dataDir, { recursive: true });
    const sqlite = openSqliteFile(join(dataDir, STORE_FILE));
    // WAL: readers (the dashboard) never wait for the writer; a commit is durable against a
    // process crash (kill -9) at synchronous=NORMAL, which is what the monitor must survive.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<MonitorDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrateToLatest(db as Kysely<unknown>);
    return new MonitorStore(db, sqlite);
  }

  async close(): Promise<void> {
    await this.db.destroy(); // closes the better-sqlite3 handle too
  }

  /** Runs left `running` by a process that died (crash, kill -9): marked interrupted. */
  async markInterrupted(now: number): Promise<RunRow[]> {
    this.writes++; // before and after: a read that overlaps the write is not cached
    try {
      const cut = await this.db.selectFrom('runs').selectAll().where('status', '=', 'running').execute();
      if (cut.length) {
        await this.db
          .updateTable('runs')
          .set({ status: 'interrupted', finished_at: now, error: 'the monitor stopped while this run was going on (crash or kill)' })
          .where('status', '=', 'running')
          .execute();
      }
      return cut;
    } finally {
      this.anyJourneyWrites = ++this.writes;
    }
  }

  async upsertJourney(file: string, name: string): Promise<void> {
    this.writes++; // before and after: a read that overlaps the write is not cached
    try {
      await this.db
        .insertInto('journeys')
        .values({ file, name, status: 'never-run', status_since: null, last_run_id: null })
        .onConflict((oc) => oc.column('file').doUpdateSet({ name }))
        .execute();
    } finally {
      this.journeyWrites.set(file, ++this.writes);
    }
  }

  async startRun(run: { id: string; journeyFile: string; trigger: RunTrigger; slotAt?: number; startedAt: number; pid?: number }): Promise<void> {
    this.writes++; // before and after: a read that overlaps the write is not cached
    try {
      await this.db
        .insertInto('runs')
        .values({ id: run.id, journey_file: run.journeyFile, trigger: run.trigger, slot_at: run.slotAt ?? null, started_at: run.startedAt, finished_at: null, status: 'running', duration_ms: null, report_dir: null, summary: null, error: null, pid: run.pid ?? null })
        .execute();
    } finally {
      this.journeyWrites.set(run.journeyFile, ++this.writes);
    }
  }

  async setRunPid(id: string, pid: number): Promise<void> {
    await this.db.updateTable('runs').set({ pid }).where('id', '=', id).execute();
  }

  /**
   * Records a finished run, its findings and observations, and the journey's new status,
   * in one transaction. Returns the status change when there is one (alerts go by it).
   */
  async finishRun(run: FinishedRun): Promise<StatusChange | undefined> {
    this.writes++; // before and after: a read that overlaps the write is not cached
    let journeyFile: string | undefined;
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('runs').select(['journey_file']).where('id', '=', run.id).executeTakeFirstOrThrow();
        journeyFile = row.journey_file;
        await trx
          .updateTable('runs')
          .set({ status: run.status, finished_at: run.finishedAt, duration_ms: run.durationMs, report_dir: run.reportDir ?? null, summary: run.summary === undefined ? null : JSON.stringify(run.summary), error: run.error ?? null })
          .where('id', '=', run.id)
          .execute();
        if (run.findings.length) {
          await trx
            .insertInto('findings')
            .values(run.findings.map((f, ordinal) => ({ run_id: run.id, ordinal, journey_file: row.journey_file, code: f.code, severity: f.severity, message: f.message, rule: f.rule ?? null, found_at: run.finishedAt })))
            .execute();
        }
        for (const o of run.observations) {
          const values = { journey_file: row.journey_file, address: o.address, window: o.window, started_at: o.startedAt, closes_at: o.closesAt, status: o.status, mails_seen: o.mailsSeen, runs: o.runs, updated_at: run.finishedAt };
          await trx.insertInto('observations').values({ id: o.id, ...values }).onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
        }
        if (run.status === 'interrupted') return undefined; // says nothing about the journey
        const journey = await trx.selectFrom('journeys').selectAll().where('file', '=', row.journey_file).executeTakeFirstOrThrow();
        const to = run.status as JourneyStatus;
        const from = journey.status as JourneyStatus;
        if (from === to) {
          await trx.updateTable('journeys').set({ last_run_id: run.id }).where('file', '=', journey.file).execute();
          return undefined;
        }
        await trx.updateTable('journeys').set({ status: to, status_since: run.finishedAt, last_run_id: run.id }).where('file', '=', journey.file).execute();
        await trx.insertInto('status_history').values({ journey_file: journey.file, since: run.finishedAt, status: to, run_id: run.id }).onConflict((oc) => oc.columns(['journey_file', 'since']).doNothing()).execute();
        return { journeyFile: journey.file, journeyName: journey.name, from, to };
      });
    } finally {
      this.writes++;
      if (journeyFile !== undefined) this.journeyWrites.set(journeyFile, this.writes);
    }
  }

  async journeys(): Promise<JourneyRow[]> {
    return this.db.selectFrom('journeys').selectAll().orderBy('name').execute();
  }

  async journey(file: string): Promise<JourneyRow | undefined> {
    return this.db.selectFrom('journeys').selectAll().where('file', '=', file).executeTakeFirst();
  }

  /**
   * The last `perJourney` runs of every journey, newest first: one indexed query per
   * journey (journey_file, started_at), which stays fast however many runs are stored; a
   * window function over all runs grows with the table (measured in bench/monitor).
   */
  async recentRuns(perJourney: number): Promise<Map<string, RecentRun[]>> {
    const files = await this.db.selectFrom('journeys').select('file').execute();
    const byJourney = new Map<string, RecentRun[]>();
    for (const { file } of files) byJourney.set(file, await this.recentRunsOf(file, perJourney));
    return byJourney;
  }

  /** The last `limit` runs of one journey, newest first (the index on journey_file, started_at). */
  async recentRunsOf(file: string, limit: number): Promise<RecentRun[]> {
    return this.db.selectFrom('runs').select(['id', 'status', 'started_at', 'duration_ms', 'report_dir']).where('journey_file', '=', file).orderBy('started_at', 'desc').limit(limit).execute();
  }

  /** Grows with every write that changes what the dashboard shows (a cache key). */
  get version(): number {
    return this.writes;
  }

  /**
   * The write counter after the last write that touched this journey (its row or its runs):
   * what was read of it at a `version` >= this is still what the store holds.
   */
  journeyVersion(file: string): number {
    return Math.max(this.journeyWrites.get(file) ?? 0, this.anyJourneyWrites);
  }

  async runs(filter: { journeyFile?: string; status?: string; limit?: number; before?: number } = {}): Promise<RunRow[]> {
    let q = this.db.selectFrom('runs').selectAll();
    if (filter.journeyFile) q = q.where('journey_file', '=', filter.journeyFile);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.before !== undefined) q = q.where('started_at', '<', filter.before);
    return q.orderBy('started_at', 'desc').limit(filter.limit ?? 50).execute();
  }

  async run(id: string): Promise<RunRow | undefined> {
    return this.db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async runningCount(): Promise<number> {
    const row = await this.db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'running').executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async findings(filter: { runId?: string; journeyFile?: string; code?: string; limit?: number } = {}): Promise<FindingRow[]> {
    let q = this.db.selectFrom('findings').selectAll();
    if (filter.runId) q = q.where('run_id', '=', filter.runId);
    if (filter.journeyFile) q = q.where('journey_file', '=', filter.journeyFile);
    if (filter.code) q = q.where('code', '=', filter.code);
    return q.orderBy('found_at', 'desc').orderBy('ordinal').limit(filter.limit ?? 200).execute();
  }

  /** Findings per code per day (UTC) since `since`: the dashboard's "findings over time". */
  async findingsByDay(since: number): Promise<{ day: number; code: string; count: number }[]> {
    const day = sql<number>`(found_at / 86400000) * 86400000`;
    const rows = await this.db
      .selectFrom('findings')
      .select([day.as('day'), 'code', (eb) => eb.fn.countAll<number>().as('count')])
      .where('found_at', '>=', since)
      .groupBy([day, 'code'])
      .orderBy('day')
      .orderBy('code') // ties in a stated order: engines differ in what they return otherwise
      .execute();
    return rows.map((r) => ({ day: Number(r.day), code: r.code, count: Number(r.count) }));
  }

  async observations(status?: string): Promise<ObservationRow[]> {
    let q = this.db.selectFrom('observations').selectAll();
    if (status) q = q.where('status', '=', status);
    return q.orderBy('closes_at').execute();
  }

  async recordAlert(row: AlertRow): Promise<void> {
    this.writes++; // before and after: a read that overlaps the write is not cached
    try {
      await this.db.insertInto('alert_deliveries').values(row).execute();
    } finally {
      this.writes++;
    }
  }

  async alerts(limit = 50): Promise<AlertRow[]> {
    return this.db.selectFrom('alert_deliveries').selectAll().orderBy('at', 'desc').limit(limit).execute();
  }

  /**
   * Retention: runs older than `maxAgeMs` and runs beyond the newest `maxRunsPerJourney` of
   * each journey go, with their findings. A running run is never removed. Returns the
   * report folders of the removed runs (the caller deletes them from disk).
   */
  async applyRetention(now: number, retention: { maxAgeMs: number; maxRunsPerJourney: number }): Promise<string[]> {
    this.writes++; // before and after: a read that overlaps the write is not cached
    try {
      return await this.db.transaction().execute(async (trx) => {
        const old = await trx
          .selectFrom((qb) =>
            qb
              .selectFrom('runs')
              .select(['id', 'report_dir', 'status', 'started_at', sql<number>`row_number() over (partition by journey_file order by started_at desc)`.as('n')])
              .as('ranked'),
          )
          .select(['id', 'report_dir'])
          .where('status', '!=', 'running')
          .where((eb) => eb.or([eb('started_at', '<', now - retention.maxAgeMs), eb('n', '>', retention.maxRunsPerJourney)]))
          .execute();
        const ids = old.map((r) => r.id);
        for (let i = 0; i < ids.length; i += 500) {
          const chunk = ids.slice(i, i + 500);
          await trx.deleteFrom('findings').where('run_id', 'in', chunk).execute();
          await trx.deleteFrom('runs').where('id', 'in', chunk).execute();
        }
        await trx.deleteFrom('alert_deliveries').where('at', '<', now - retention.maxAgeMs).execute();
        await trx.deleteFrom('observations').where('status', '!=', 'open').where('updated_at', '<', now - retention.maxAgeMs).execute();
        return old.flatMap((r) => (r.report_dir ? [r.report_dir] : []));
      });
    } finally {
      this.anyJourneyWrites = ++this.writes;
    }
  }

  // The persistent sink's message index. Synchronous on purpose: the sink stores a message
  // and indexes it in the same tick, so a message is never visible without being recorded.

  private statements?: { insert: SqliteStatement; remove: SqliteStatement };

  /** Prepared once: preparing costs more than the insert itself (bench/monitor). */
  private get messageStatements() {
    this.statements ??= {
      insert: this.messageIndex.prepare(MESSAGE_SQL.insert),
      remove: this.messageIndex.prepare(MESSAGE_SQL.remove),
    };
    return this.statements;
  }

  private get messageIndex(): SqliteDatabase {
    if (!this.sqlite) throw new Error('the sink\'s message index needs the SQLite store (better-sqlite3 is synchronous)');
    return this.sqlite;
  }

  insertMessage(summary: MailSummary): void {
    this.messageStatements.insert.run(summary.id, summary.seq, summary.receivedAt, JSON.stringify(summary));
  }

  deleteMessages(ids: readonly string[]): void {
    const { remove } = this.messageStatements;
    this.messageIndex.transaction((list: readonly string[]) => {
      for (const id of list) remove.run(id);
    })(ids);
  }

  loadMessages(): MailSummary[] {
    return (this.messageIndex.prepare(MESSAGE_SQL.load).pluck().all() as string[]).map((text) => JSON.parse(text) as MailSummary);
  }
}
