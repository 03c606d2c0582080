// `node bench/import.js [--users N] [--engines postgres,sqlite]`: writes N users (default 1,000,000) as a Kinde NDJSON
// file, imports it with `roster users import` into a fresh PostgreSQL database and a fresh SQLite folder, and prints
// rows/s beside a floor measured in the same run on the same rows: raw COPY (PostgreSQL) or raw prepared inserts in
// one transaction per batch (SQLite) into the same tables, without validation. Also prints the import's peak memory.
// Every user has an email and a username, every second a phone, every fourth a bcrypt hash (one precomputed string).
//   BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres  BENCH_IMPORT_DB=roster_bench_import
import { once } from 'node:events';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { openSqliteFile } from '../dist/store/sqlite.js';
import { freshPostgres } from './load.js';
import { CLI, run } from './processes.js';

const BATCH = 5_000;
const BCRYPT = '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';
const FIRST =
  'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth Chloe Liam Olivia Noah Amelia Aiko Priya Arjun Fatima Omar'.split(
    ' ',
  );
const LAST =
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Tanaka Sato Patel Singh Khan Rossi Muller Schmidt Dubois Novak Kowalski Jensen'.split(
    ' ',
  );
const DOMAINS = ['gmail.com', 'outlook.com', 'example.org', 'acme.io', 'corp.example.com'];

/** User number i: the same values go into the file and into the floor's rows. */
export function benchUser(i) {
  const first = FIRST[i % FIRST.length];
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
  return {
    first,
    last,
    email: `${first}.${last}.${i}@${DOMAINS[i % DOMAINS.length]}`,
    username: `${first}${last}${i}`,
    // Australian mobiles: +614 and eight digits, distinct for every i below 10^8.
    phone: i % 2 === 0 ? `+614${String(10_000_000 + i).slice(-8)}` : null,
    hash: i % 4 === 0 ? BCRYPT : null,
  };
}

function kindeLine(i) {
  const u = benchUser(i);
  const identities = [
    { type: 'email', identity: u.email, is_verified: true },
    { type: 'username', identity: u.username },
  ];
  if (u.phone) identities.push({ type: 'phone', identity: u.phone, is_verified: false });
  const line = { id: `ext-${i}`, first_name: u.first, last_name: u.last, identities };
  if (u.hash) line.password = { hashing_algorithm: 'bcrypt', hashed_password: u.hash };
  return `${JSON.stringify(line)}\n`;
}

async function writeFile(path, users) {
  const out = createWriteStream(path);
  for (let start = 0; start < users; start += BATCH) {
    let text = '';
    for (let i = start; i < Math.min(users, start + BATCH); i++) text += kindeLine(i);
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The rows a import of users start…start+count-1 stores, computed without validation. */
function floorRows(start, count, runTag) {
  const now = new Date().toISOString();
  const users = [];
  const identities = [];
  const passwords = [];
  for (let i = start; i < start + count; i++) {
    const u = benchUser(i);
    const id = `kp_${runTag}${i.toString(16).padStart(24, '0')}`;
    users.push([id, `ext-${i}`, u.first, u.last, `${u.first} ${u.last}`.toLowerCase(), u.last.toLowerCase(), now, now]);
    const identity = (n, type, name, key, lookalike, confirmed) =>
      identities.push([
        `identity_${runTag}${(i * 4 + n).toString(16).padStart(24, '0')}`,
        id,
        type,
        name,
        key,
        lookalike,
        1,
        confirmed,
        now,
      ]);
    identity(0, 'email', u.email, u.email.toLowerCase(), null, 1);
    identity(1, 'username', u.username, u.username.toLowerCase(), u.username.toLowerCase(), 1);
    if (u.phone) identity(2, 'phone', u.phone, u.phone, null, 0);
    if (u.hash) passwords.push([id, 'bcrypt', u.hash, now]);
  }
  return { users, identities, passwords };
}

const USER_COLUMNS = ['id', 'provided_id', 'first_name', 'last_name', 'full_name_key', 'last_name_key', 'created_on', 'updated_on'];
const IDENTITY_COLUMNS = ['id', 'user_id', 'type', 'name', 'lookup_key', 'lookalike_key', 'is_primary', 'is_confirmed', 'created_on'];
const PASSWORD_COLUMNS = ['user_id', 'algorithm', 'hash', 'updated_on'];
const copyText = (rows) => rows.map((r) => r.map((v) => (v === null ? '\\N' : String(v))).join('\t')).join('\n') + '\n';

async function dropPostgres(adminUrl, name) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

async function floorPostgres(databaseUrl, users) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const copy = (table, columns, rows) =>
    rows.length === 0
      ? undefined
      : pipeline(Readable.from([copyText(rows)]), client.query(copyStreams.from(`copy ${table} (${columns.join(', ')}) from stdin`)));
  try {
    const started = performance.now();
    for (let start = 0; start < users; start += BATCH) {
      const rows = floorRows(start, Math.min(BATCH, users - start), '0000000');
      await client.query('begin');
      await copy('users', USER_COLUMNS, rows.users);
      await copy('identities', IDENTITY_COLUMNS, rows.identities);
      await copy('user_passwords', PASSWORD_COLUMNS, rows.passwords);
      await client.query('commit');
    }
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

function floorSqlite(dataDir, users) {
  const db = openSqliteFile(join(dataDir, 'roster.db'));
  const prepare = (table, columns) =>
    db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
  const [insertUser, insertIdentity, insertPassword] = [
    prepare('users', USER_COLUMNS),
    prepare('identities', IDENTITY_COLUMNS),
    prepare('user_passwords', PASSWORD_COLUMNS),
  ];
  const batch = db.transaction((rows) => {
    for (const r of rows.users) insertUser.run(...r);
    for (const r of rows.identities) insertIdentity.run(...r);
    for (const r of rows.passwords) insertPassword.run(...r);
  });
  try {
    const started = performance.now();
    for (let start = 0; start < users; start += BATCH) batch.immediate(floorRows(start, Math.min(BATCH, users - start), '0000000'));
    return (performance.now() - started) / 1000;
  } finally {
    db.close();
  }
}

/** `roster users import FILE --json`: its wall time and its own report (counts, peak memory). */
async function importWithCli(file, env, dataArgs) {
  const started = performance.now();
  const out = await run([CLI, 'users', 'import', file, '--json', ...dataArgs], env, 60 * 60_000);
  return { seconds: (performance.now() - started) / 1000, report: JSON.parse(out) };
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');

export async function benchImport({ users, engines, adminUrl, database, log = console.log }) {
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-import-'));
  const results = [];
  try {
    const file = join(dir, 'users.ndjson');
    const writeStarted = performance.now();
    await writeFile(file, users);
    const rows = { users, identities: users * 2 + Math.ceil(users / 2) };
    rows.total = rows.users + rows.identities;
    log(
      `wrote ${fmt(users)} users (${(statSync(file).size / 1024 / 1024).toFixed(0)} MB) in ${((performance.now() - writeStarted) / 1000).toFixed(1)} s`,
    );
    for (const engine of engines) {
      const sqliteDir = join(dir, 'sqlite');
      const fresh = async () => {
        if (engine === 'postgres') return { env: { ...process.env, DATABASE_URL: await freshPostgres(adminUrl, database) }, dataArgs: [] };
        rmSync(sqliteDir, { recursive: true, force: true });
        mkdirSync(sqliteDir, { recursive: true });
        const env = { ...process.env };
        delete env.DATABASE_URL;
        await run([CLI, 'migrate', '--data', sqliteDir], env);
        return { env, dataArgs: ['--data', sqliteDir] };
      };
      let target = await fresh();
      const floorSeconds = engine === 'postgres' ? await floorPostgres(target.env.DATABASE_URL, users) : floorSqlite(sqliteDir, users);
      log(`${engine} floor: ${floorSeconds.toFixed(1)} s, ${fmt(rows.total / floorSeconds)} rows/s`);
      target = await fresh();
      const imported = await importWithCli(file, target.env, target.dataArgs);
      const c = imported.report.counts;
      if (c.imported !== users) throw new Error(`${engine}: imported ${c.imported} of ${users}: ${JSON.stringify(c)}`);
      log(
        `${engine} import: ${imported.seconds.toFixed(1)} s, ${fmt(rows.total / imported.seconds)} rows/s, peak RSS ${fmt(imported.report.max_rss_bytes / 1024 / 1024)} MB`,
      );
      results.push({ engine, rows, floorSeconds, importSeconds: imported.seconds, maxRss: imported.report.max_rss_bytes });
      if (engine === 'postgres') await dropPostgres(adminUrl, database);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

export function importTable(results) {
  const lines = [
    '| engine | users | identities | floor rows/s | import rows/s | import/floor (target ≥ 50%) | import wall time | peak RSS (target < 300 MB) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const floor = r.rows.total / r.floorSeconds;
    const imported = r.rows.total / r.importSeconds;
    const ratio = imported / floor;
    const rss = r.maxRss / 1024 / 1024;
    lines.push(
      `| ${r.engine} | ${fmt(r.rows.users)} | ${fmt(r.rows.identities)} | ${fmt(floor)} | ${fmt(imported)} | ${Math.round(ratio * 100)}% ${ratio >= 0.5 ? 'ok' : '**MISS**'} ` +
        `| ${r.importSeconds.toFixed(1)} s | ${fmt(rss)} MB ${rss < 300 ? 'ok' : '**MISS**'} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  const results = await benchImport({
    users: Number(arg('--users') ?? 1_000_000),
    engines: (arg('--engines') ?? 'postgres,sqlite').split(','),
    adminUrl: process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    database: process.env.BENCH_IMPORT_DB ?? 'roster_bench_import',
    log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
  });
  console.log(
    `\nImport wall time includes the CLI's start and its validation of every row; rows = users + identities.\n\n${importTable(results)}`,
  );
}
