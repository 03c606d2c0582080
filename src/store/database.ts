import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Engine } from './engine.js';
import { migrationProvider } from './migrations/index.js';
import type { Schema } from './schema.js';
import { openSqliteFile, sqliteDialect } from './sqlite.js';

export type Db = Kysely<Schema>;
/** Anything a store function can run a query on: the database itself or an open transaction. */
export type Executor = Kysely<Schema> | Transaction<Schema>;

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
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 20 });
    // An idle client's error (the server restarting) must not crash the process; the pool replaces the client.
    pool.on('error', () => {});
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', location: redact(url), close: () => db.destroy() };
  }
  if (url) throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got ${redact(url)})`);

  mkdirSync(options.dataDir, { recursive: true });
  const file = join(options.dataDir, 'roster.db');
  const db = new Kysely<Schema>({ dialect: sqliteDialect(openSqliteFile(file)) });
  return { db, engine: 'sqlite', location: file, close: () => db.destroy() };
}

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
