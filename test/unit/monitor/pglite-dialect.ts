import type { PGlite } from '@electric-sql/pglite';
import { PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';

/**
 * Kysely's own PostgresDialect (its query compiler, adapter and migration lock) on PGlite,
 * PostgreSQL compiled to WebAssembly: PGlite stands in for node-postgres's pool. It has one
 * connection, so a client is lent to one user at a time (a transaction keeps it until it ends).
 */
export function pgliteDialect(pg: PGlite): PostgresDialect {
  let queue: Promise<void> = Promise.resolve();
  const client = (release: () => void) =>
    ({
      async query(sqlText: string, parameters: readonly unknown[]) {
        const result = await pg.query<Record<string, unknown>>(sqlText, [...parameters]);
        return { command: commandOf(sqlText), rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
      },
      release,
    }) as unknown as PostgresPoolClient;
  const pool: PostgresPool = {
    connect() {
      let release!: () => void;
      const turn = new Promise<void>((resolve) => (release = resolve));
      const ready = queue.then(() => client(release));
      queue = queue.then(() => turn);
      return ready;
    },
    end: async () => undefined,
  };
  return new PostgresDialect({ pool });
}

function commandOf(sqlText: string): 'INSERT' | 'UPDATE' | 'DELETE' | 'SELECT' {
  const word = /^\s*(\w+)/.exec(sqlText)?.[1]?.toUpperCase();
  return word === 'INSERT' || word === 'UPDATE' || word === 'DELETE' ? word : 'SELECT';
}
