import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * Versioned schema of the monitor's store. Kysely's migrator records each applied one in
 * `kysely_migration` (and locks while migrating). Only portable SQL through the schema
 * builder: the same migrations run on PostgreSQL (fleet mode). Times are epoch
 * milliseconds in `bigint` columns; JSON is text. Never edit a released migration: add one.
 */
const migrations: Record<string, Migration> = {
  '0001-runs-findings-status': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('journeys')
        .addColumn('file', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull()) // never-run | passed | failed | flaky | error | interrupted
        .addColumn('status_since', 'bigint')
        .addColumn('last_run_id', 'text')
        .execute();
      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('journey_file', 'text', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull()) // schedule | manual
        .addColumn('slot_at', 'bigint')
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('finished_at', 'bigint')
        .addColumn('status', 'text', (c) => c.notNull()) // running | passed | failed | flaky | error | interrupted
        .addColumn('duration_ms', 'bigint')
        .addColumn('report_dir', 'text')
        .addColumn('summary', 'text') // JSON: report.json's summary
        .addColumn('error', 'text')
        .addColumn('pid', 'integer')
        .execute();
      await db.schema.createIndex('runs_by_journey').on('runs').columns(['journey_file', 'started_at']).execute();
      await db.schema.createIndex('runs_by_status').on('runs').column('status').execute();
      await db.schema
        .createTable('findings')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('ordinal', 'integer', (c) => c.notNull())
        .addColumn('journey_file', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('rule', 'text')
        .addColumn('found_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('findings_pk', ['run_id', 'ordinal'])
        .execute();
      await db.schema.createIndex('findings_by_time').on('findings').columns(['found_at', 'code']).execute();
      await db.schema
        .createTable('status_history')
        .addColumn('journey_file', 'text', (c) => c.notNull())
        .addColumn('since', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('status_history_pk', ['journey_file', 'since'])
        .execute();
      await db.schema
        .createTable('alert_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('journey_file', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull()) // failed | recovered | flaky
        .addColumn('channel', 'text', (c) => c.notNull()) // webhook | email
        .addColumn('target', 'text', (c) => c.notNull()) // a label, never the secret URL
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull()) // delivered | failed
        .addColumn('detail', 'text')
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('alerts_by_time').on('alert_deliveries').column('at').execute();
      await db.schema
        .createTable('observations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('journey_file', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('window', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('closes_at', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull()) // open | passed | failed
        .addColumn('mails_seen', 'integer', (c) => c.notNull())
        .addColumn('runs', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0002-sink-messages': {
    async up(db: Kysely<unknown>) {
      // The persistent sink's index: one row per stored message; the raw .eml stays on disk.
      await db.schema
        .createTable('messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull()) // JSON MailSummary
        .execute();
      await db.schema.createIndex('messages_by_seq').on('messages').column('seq').execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export const LATEST_MIGRATION = Object.keys(migrations).at(-1)!;

/** Brings the store's schema up to date; throws when a migration fails (nothing half-applied: each runs in a transaction). */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
