import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Engine } from './engine.js';
import { storeError } from './engine.js';
import { migrationProvider } from './migrations/index.js';
import type { Schema } from './schema.js';
import { openSqliteFile, sqliteDialect } from './sqlite.js';

export type Db = Kysely<Schema>;
/** Anything a store function can run a query on: the database itself or an open transaction. */
export type Executor = Kysely<Schema> | Transaction<Schema>;
export type Trx = Transaction<Schema>;

/** Runs `work` as one transaction; a unique rule that refuses a write surfaces as a UniqueViolation after the rollback. */
export async function transaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    throw storeError(error);
  }
}

export interface DatabaseOptions {
  /** `postgres://…` selects PostgreSQL; otherwise SQLite in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
}

export interface Database {
  db: Db;
  engine: Engine;
  /** Where the data lives, for messages: the SQLite file or the PostgreSQL URL without its password. */
  location: string;
  close(): Promise<void>;
}

export function openDatabase(options: DatabaseOptions): Database {
  const url = options.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    // A server that never answers must not hang a command: connecting gives up after 10 seconds.
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 20, connectionTimeoutMillis: 10_000 });
    // An idle client's error (the server restarting) must not crash the process; the pool replaces the client.
    pool.on('error', () => {});
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', location: redact(url), close: () => db.destroy() };
  }
  if (url) throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got ${redact(url)})`);

  prepareDataDir(options.dataDir);
  const file = sqliteFileIn(options.dataDir);
  const db = new Kysely<Schema>({ dialect: sqliteDialect(openSqliteFile(file)) });
  return { db, engine: 'sqlite', location: file, close: () => db.destroy() };
}

/** The embedded database's file inside its data folder. */
export const sqliteFileIn = (dataDir: string) => join(dataDir, 'roster.db');

/** Creates the data folder if need be; a path that cannot hold the database is refused in one sentence. */
function prepareDataDir(dir: string): void {
  try {
    makeFolders(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR')
      throw new Error(`The data folder ${dir} cannot be made: a file is in the way`, { cause: error });
    throw new Error(`The data folder ${dir} cannot be made (${reason(code)})`, { cause: error });
  }
  if (!statSync(dir).isDirectory()) throw new Error(`The data folder ${dir} is a file, not a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new Error(`The data folder ${dir} is not writable (${reason((error as NodeJS.ErrnoException).code)})`, { cause: error });
  }
}

/**
 * mkdir -p one level at a time: Node 20's recursive mkdirSync never returns for some paths (`/proc/x`), and a CLI
 * command must fail, not hang.
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let at = dir; !existsSync(at); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing) mkdirSync(folder);
}

const reason = (code: string | undefined) =>
  code === 'EACCES' || code === 'EPERM'
    ? 'permission denied'
    : code === 'EROFS'
      ? 'read-only file system'
      : code === 'ENOENT'
        ? 'no such place'
        : (code ?? 'unknown error');

export async function migrate(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: 'roster_migrations',
    migrationLockTableName: 'roster_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** Whether the database answers a trivial query. */
export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
