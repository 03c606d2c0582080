// Loads BENCH_USERS users (default 500,000) with an email and a username each into a fresh database, through the app's
// own migrations, then reads a random sample of existing users for the load runs.
// Standalone: `node bench/load.js` loads PostgreSQL (BENCH_ADMIN_URL, BENCH_DB) and prints how long it took.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { IDENTITY_COLUMNS, makeBatch, USER_COLUMNS } from './dataset.js';
import { CLI, run } from './processes.js';

const BATCH = 5_000; // users per INSERT (10,000 identities)
const SAMPLE = 20_000;

const withoutDatabaseUrl = () => {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return env;
};

/** Drops and re-creates the database `name` beside `adminUrl`'s and runs the app's migrations on it; returns its URL. */
export async function freshPostgres(adminUrl, name) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await run([CLI, 'migrate'], { ...process.env, DATABASE_URL: url.href });
  return url.href;
}

/** A fresh, migrated `name` (freshPostgres), bulk-loaded, then VACUUM ANALYZE. */
export async function loadPostgres({ adminUrl, name, users, log = console.log }) {
  const started = performance.now();
  const databaseUrl = await freshPostgres(adminUrl, name);

  // `unnest` of one array per column: one statement per batch, two batches in flight (one per core).
  const insert = (table, columns, types) =>
    `insert into ${table} (${columns.join(', ')}) select * from unnest(${columns.map((c, i) => `$${i + 1}::${types[c] ?? 'text'}[]`).join(', ')})`;
  const insertUsers = insert('users', USER_COLUMNS, {});
  const insertIdentities = insert('identities', IDENTITY_COLUMNS, { is_primary: 'int', is_confirmed: 'int' });
  const columnsOf = (rows, columns) => columns.map((c) => rows.map((row) => row[c]));

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    const loadStarted = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < users) {
        const start = next;
        const count = Math.min(BATCH, users - start);
        next += count;
        const batch = makeBatch(start, count);
        const client = await pool.connect();
        try {
          await client.query('begin');
          await client.query(insertUsers, columnsOf(batch.users, USER_COLUMNS));
          await client.query(insertIdentities, columnsOf(batch.identities, IDENTITY_COLUMNS));
          await client.query('commit');
        } finally {
          client.release();
        }
      }
    };
    await Promise.all([worker(), worker()]);
    const insertSeconds = (performance.now() - loadStarted) / 1000;
    const analyzeStarted = performance.now();
    await pool.query('vacuum analyze users');
    await pool.query('vacuum analyze identities');
    await pool.query('checkpoint');
    const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;
    const {
      rows: [counts],
    } = await pool.query(
      `select (select count(*) from users)::int as users, (select count(*) from identities)::int as identities,
              pg_size_pretty(pg_database_size(current_database())) as size`,
    );
    const sample = await samplePostgres(pool);
    const seconds = (performance.now() - started) / 1000;
    const report = {
      engine: 'postgres',
      ...counts,
      seconds,
      insertSeconds,
      analyzeSeconds,
      rowsPerSecond: (counts.users + counts.identities) / insertSeconds,
    };
    log(
      `loaded PostgreSQL ${name}: ${fmt(counts.users)} users, ${fmt(counts.identities)} identities (${counts.size}) in ${seconds.toFixed(1)} s ` +
        `(insert ${insertSeconds.toFixed(1)} s = ${fmt(report.rowsPerSecond)} rows/s, vacuum analyze + checkpoint ${analyzeSeconds.toFixed(1)} s)`,
    );
    return { databaseUrl, sample, report };
  } finally {
    await pool.end();
  }
}

/** A fresh data folder with the app's schema (via `roster migrate`), filled by prepared inserts in one transaction. */
export async function loadSqlite({ dataDir, users, log = console.log }) {
  const started = performance.now();
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  await run([CLI, 'migrate', '--data', dataDir], withoutDatabaseUrl());

  const db = new SQLite(join(dataDir, 'roster.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const prepare = (table, columns) =>
      db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map((c) => '@' + c).join(', ')})`);
    const insertUser = prepare('users', USER_COLUMNS);
    const insertIdentity = prepare('identities', IDENTITY_COLUMNS);
    const loadStarted = performance.now();
    db.transaction(() => {
      for (let start = 0; start < users; start += BATCH) {
        const batch = makeBatch(start, Math.min(BATCH, users - start));
        for (const row of batch.users) insertUser.run(row);
        for (const row of batch.identities) insertIdentity.run(row);
      }
    })();
    const insertSeconds = (performance.now() - loadStarted) / 1000;
    const analyzeStarted = performance.now();
    db.exec('analyze');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;
    const counts = db.prepare('select (select count(*) from users) as users, (select count(*) from identities) as identities').get();
    const sample = db.prepare(SAMPLE_SQL).all(SAMPLE);
    const seconds = (performance.now() - started) / 1000;
    const report = {
      engine: 'sqlite',
      ...counts,
      seconds,
      insertSeconds,
      analyzeSeconds,
      rowsPerSecond: (counts.users + counts.identities) / insertSeconds,
    };
    log(
      `loaded SQLite ${dataDir}: ${fmt(counts.users)} users, ${fmt(counts.identities)} identities in ${seconds.toFixed(1)} s ` +
        `(insert ${insertSeconds.toFixed(1)} s = ${fmt(report.rowsPerSecond)} rows/s, analyze + checkpoint ${analyzeSeconds.toFixed(1)} s)`,
    );
    return { dataDir, sample, report };
  } finally {
    db.close();
  }
}

/** Random existing users: their id and their email as it was written (display case). */
const SAMPLE_SQL = `select user_id, name as email from identities where type = 'email' order by random() limit ?`;

async function samplePostgres(pool) {
  const { rows } = await pool.query(SAMPLE_SQL.replace('?', '$1'), [SAMPLE]);
  return rows;
}

export const fmt = (n) => Math.round(n).toLocaleString('en-US');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await loadPostgres({
    adminUrl: process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    name: process.env.BENCH_DB ?? 'roster_bench',
    users: Number(process.env.BENCH_USERS ?? 500_000),
  });
}
