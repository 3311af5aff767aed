import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

export type SqliteDatabase = BetterSqlite3.Database;
export type SqliteStatement = BetterSqlite3.Statement;

const require = createRequire(import.meta.url);

/**
 * better-sqlite3 for the Node.js that runs us, loaded once. 13.x (Node-API) from Node 22 on:
 * 12.x wraps its statements in node::ObjectWrap, and Node 24.19+ aborts the process when the
 * garbage collector finalizes one outside a JavaScript context (nodejs/node#65446, seen in
 * our own Node 24 suite). 12.x on Node 20, where 13.x crashes on its first call.
 */
function driver(): typeof BetterSqlite3 {
  const major = Number(process.versions.node.split('.')[0]);
  const name = major >= 22 ? 'better-sqlite3' : 'better-sqlite3-node20';
  try {
    return require(name) as typeof BetterSqlite3;
  } catch (error) {
    throw new Error(`the monitor's store needs the package ${name} on Node.js ${process.versions.node}, and it could not be loaded (${(error as Error).message.split('\n')[0]}); run \`npm install\` again`);
  }
}

let loaded: typeof BetterSqlite3 | undefined;

/** Opens (creating unless read-only) an SQLite file. */
export function openSqliteFile(path: string, options?: BetterSqlite3.Options): SqliteDatabase {
  loaded ??= driver();
  return new loaded(path, options);
}
