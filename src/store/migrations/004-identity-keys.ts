import { sql, type Kysely } from 'kysely';
import { normaliseEmail, normaliseUsername } from '../../domain/identifiers.js';
import { engineOf } from '../engine.js';

interface KeyedRow {
  id: string;
  user_id: string;
  name: string;
  lookup_key: string;
}

/**
 * Emails are keyed by full Unicode case folding and UTS #46 domains; usernames get their second look-alike key.
 * Collisions are looked for before anything changes (SQLite runs schema changes outside the migration's transaction).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const emails = (await db
    .selectFrom('identities')
    .select(['id', 'user_id', 'name', 'lookup_key'])
    .where('type', '=', 'email')
    .orderBy('id')
    .execute()) as KeyedRow[];
  const rekeyed = emails.map((row) => ({ id: row.id, user_id: row.user_id, name: row.name, old: row.lookup_key, value: emailKey(row) }));
  assertNoCollisions(rekeyed);

  const bytes = engineOf(db) === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema.alterTable('identities').addColumn('lookalike_cased_key', bytes).execute();
  await db.schema
    .createIndex('identities_lookalike_cased')
    .on('identities')
    .columns(['type', 'lookalike_cased_key'])
    .where(sql.ref('lookalike_cased_key'), 'is not', null)
    .execute();

  const usernames = (await db.selectFrom('identities').select(['id', 'name']).where('type', '=', 'username').execute()) as KeyedRow[];
  const keys = usernames.map((row) => ({ id: row.id, ...normaliseUsername(row.name) }));
  const codes = (await db
    .selectFrom('one_time_codes')
    .select(['id', 'name', 'lookup_key'])
    .where('type', '=', 'email')
    .execute()) as KeyedRow[];
  // A key that moves to where another row's old key stood must not clash midway: changed rows pass through a placeholder
  // (without an @, so it is no email's key).
  const changed = rekeyed.filter((row) => row.value !== row.old);
  await inOneTransaction(db, async (trx) => {
    await setById(
      trx,
      'identities',
      'lookalike_key',
      keys.map((k) => ({ id: k.id, value: k.lookalikeKey })),
    );
    await setById(
      trx,
      'identities',
      'lookalike_cased_key',
      keys.map((k) => ({ id: k.id, value: k.lookalikeCasedKey })),
    );
    await setById(
      trx,
      'identities',
      'lookup_key',
      changed.map((row) => ({ id: row.id, value: `rekeying ${row.id}` })),
    );
    await setById(trx, 'identities', 'lookup_key', changed);
    await setById(
      trx,
      'one_time_codes',
      'lookup_key',
      codes.map((row) => ({ id: row.id, value: emailKey(row) })),
    );
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** PostgreSQL runs the migration in a transaction already; SQLite gets one here (one commit, not one per row). */
async function inOneTransaction(db: AnyDb, work: (trx: AnyDb) => Promise<void>): Promise<void> {
  if (db.isTransaction) await work(db);
  else await db.transaction().execute(work);
}

/** Sets one column by id, 500 rows a statement: `update … from (select ? as id, ? as value union all …)`. */
async function setById(db: AnyDb, table: string, column: string, rows: { id: string; value: string | null }[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    const values = sql.join(
      rows.slice(start, start + 500).map((r) => sql`select ${r.id} as id, ${r.value} as value`),
      sql` union all `,
    );
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = v.value from (${values}) as v where ${sql.ref(`${table}.id`)} = v.id`.execute(
      db,
    );
  }
}

/** An address stored before, that no longer passes the rules (a domain UTS #46 refuses), keeps the key it had. */
function emailKey(row: KeyedRow): string {
  try {
    return normaliseEmail(row.name).lookupKey;
  } catch {
    return row.lookup_key;
  }
}

/**
 * Two identities that the new key makes equal belong to one person or to two: only an administrator can tell, so the
 * migration refuses to run, naming them, rather than merge them or pick one.
 */
function assertNoCollisions(rows: { id: string; user_id: string; name: string; value: string }[]): void {
  const byKey = new Map<string, typeof rows>();
  for (const row of rows) byKey.set(row.value, [...(byKey.get(row.value) ?? []), row]);
  const clashes = [...byKey.values()].filter((group) => group.length > 1);
  if (clashes.length === 0) return;
  const lines = clashes.map(
    (group) => `  ${group.map((r) => `${JSON.stringify(r.name)} (identity ${r.id}, user ${r.user_id})`).join(' = ')}`,
  );
  throw new Error(
    `Migration 004 refused: ${clashes.length} group(s) of email identities are the same address under Unicode case folding. ` +
      'Delete or replace all but one identity of each group with the previous version of Roster, then start again:\n' +
      lines.join('\n'),
  );
}
