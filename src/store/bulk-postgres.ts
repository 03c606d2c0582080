import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { EVENT_COLUMNS, eventRow, type AuditEvent } from './audit.js';
import { identityKey, LOOKALIKE_CASED_KIND, LOOKALIKE_KIND, PROVIDED_ID_KIND } from './bulk-keys.js';
import {
  IDENTITY_COLUMNS,
  USER_COLUMNS,
  type BatchCheck,
  type BulkSession,
  type BulkUser,
  type ClaimedKey,
  type SeenKey,
} from './bulk-session.js';
import { uniqueRule } from './engine.js';

// The seen keys live as long as the session, indexed by a 64-bit hash of the text (far smaller than the text);
// the text is compared too. A batch's keys are copied into import_claims and checked with one join per question.
// The checks probe a few thousand keys in tables that grow by the same amount every batch, faster than their
// statistics: without these settings the planner comes to scan them whole for every batch (and JIT-compiles the
// plans it thinks that expensive). Lookup keys are compared in the "C" collation of their indexes.
const KEY_DIGEST = `bigint generated always as (hashtextextended(kind || ':' || key, 0)) stored`;
const CHECKER_SETUP = `
  set temp_buffers = '128MB';
  set enable_seqscan = off;
  set enable_hashjoin = off;
  set enable_mergejoin = off;
  set enable_bitmapscan = off;
  set jit = off;
  create temp table import_seen (kind text not null, key text not null, row integer not null, name text, digest ${KEY_DIGEST});
  create index import_seen_digest on import_seen (digest);
  create temp table import_claims (ordinal integer not null, kind text not null, key text not null, row integer not null, name text, digest ${KEY_DIGEST});`;

const CHECK_CLAIMS = [
  `select c.kind, c.key, s.row, s.name from import_claims c join import_seen s on s.digest = c.digest and s.kind = c.kind and s.key = c.key`,
  `select i.type, i.lookup_key from import_claims c join identities i on i.type = c.kind and i.lookup_key = c.key collate "C"
   where c.kind not in ('${PROVIDED_ID_KIND}', '${LOOKALIKE_KIND}', '${LOOKALIKE_CASED_KIND}')`,
  `select u.provided_id from import_claims c join users u on u.provided_id = c.key where c.kind = '${PROVIDED_ID_KIND}'`,
];
const LOOKING_LIKE_CLAIMS = `
  select i.lookalike_key, i.lookalike_cased_key, i.lookup_key, i.name from identities i
  where i.type = 'username' and (
    i.lookalike_key in (select key collate "C" from import_claims where kind = '${LOOKALIKE_KIND}')
    or i.lookalike_cased_key in (select key collate "C" from import_claims where kind = '${LOOKALIKE_CASED_KIND}'))`;
const REMEMBER_CLAIMS =
  'insert into import_seen (kind, key, row, name) select kind, key, row, name from import_claims where ordinal <> all($1::int[])';
const SEEN_KEYS = `
  select s.kind, s.key, s.row, s.name from unnest($1::text[], $2::text[]) as k(kind, key)
  join import_seen s on s.digest = hashtextextended(k.kind || ':' || k.key, 0) and s.kind = k.kind and s.key = k.key`;

// Staging tables that empty themselves at every commit.
const WRITER_SETUP = `
  set jit = off;
  create temp table import_users (
    id text primary key, provided_id text, first_name text, last_name text, full_name_key text collate "C", last_name_key text collate "C",
    picture text, created_on text not null, identity_count integer not null, algorithm text, hash text, params text
  ) on commit delete rows;
  create temp table import_identities (
    id text, user_id text, type text, name text, lookup_key text collate "C", lookalike_key text collate "C", lookalike_cased_key text collate "C", connection_id text,
    is_primary integer, is_confirmed integer, created_on text
  ) on commit delete rows;`;

/** COPY text format: tab-separated, `\N` for null, backslash escapes for the characters that delimit. */
function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : value;
}

const copyLine = (values: (string | number | null)[]) => `${values.map(copyField).join('\t')}\n`;

async function connect(connectionString: string, setup: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  client.on('error', () => {});
  try {
    await client.query(setup);
    return client;
  } catch (error) {
    await client.end();
    throw error;
  }
}

/**
 * Two connections: one checks batches (and holds the seen keys), one writes them, so the next batch is checked while
 * the previous one is written.
 */
export async function openPostgresBulk(connectionString: string): Promise<BulkSession> {
  const checker = await connect(connectionString, CHECKER_SETUP);
  let writer: pg.Client;
  try {
    writer = await connect(connectionString, WRITER_SETUP);
  } catch (error) {
    await checker.end();
    throw error;
  }

  const copy = async (client: pg.Client, table: string, columns: readonly string[], lines: string[]) => {
    if (lines.length === 0) return;
    await pipeline(Readable.from([lines.join('')]), client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`)));
  };
  // A multi-statement query answers with one result per statement.
  const queryAll = async (statements: string[]) => (await checker.query(statements.join(';\n'))) as unknown as pg.QueryResult[];

  // import_claims holds the claims of the batch last checked, until the next check.
  const check = async (claims: SeenKey[], lookalikes: boolean): Promise<BatchCheck> => {
    await checker.query('truncate import_claims');
    await copy(
      checker,
      'import_claims',
      ['ordinal', 'kind', 'key', 'row', 'name'],
      claims.map((c, i) => copyLine([i, c.kind, c.key, c.row, c.name])),
    );
    const results = await queryAll([...CHECK_CLAIMS, ...(lookalikes ? [LOOKING_LIKE_CLAIMS] : [])]);
    return {
      seen: results[0]!.rows as SeenKey[],
      existingIdentities: new Set(results[1]!.rows.map((r: { type: string; lookup_key: string }) => identityKey(r.type, r.lookup_key))),
      existingProvidedIds: new Set(results[2]!.rows.map((r: { provided_id: string }) => r.provided_id)),
      lookingLike: lookalikes
        ? results[3]!.rows.map((r: { lookalike_key: string; lookalike_cased_key: string; lookup_key: string; name: string }) => ({
            lookalikeKey: r.lookalike_key,
            lookalikeCasedKey: r.lookalike_cased_key,
            lookupKey: r.lookup_key,
            name: r.name,
          }))
        : [],
    };
  };

  return {
    check: (claims, options) => check(claims, options.lookalikes),

    async rememberClaims(unclaimed) {
      await checker.query(REMEMBER_CLAIMS, [unclaimed]);
    },

    async seen(keys: ClaimedKey[]): Promise<SeenKey[]> {
      if (keys.length === 0) return [];
      const { rows } = await checker.query<SeenKey>(SEEN_KEYS, [keys.map((k) => k.kind), keys.map((k) => k.key)]);
      return rows;
    },

    async insertBatch(users: BulkUser[], event: AuditEvent): Promise<Set<string>> {
      try {
        await inTransaction(writer, () => copyBatch(users, event));
        return new Set();
      } catch (error) {
        if (uniqueRule(error) === null) throw error;
      }
      // A value was taken since the check (rare): write the batch again through staging tables, leaving out the losers.
      return inTransaction(writer, () => stageBatch(users, event));
    },

    close: async () => {
      await Promise.all([checker.end(), writer.end()]);
    },
  };

  /** The batch straight into its tables: as fast as PostgreSQL loads rows, but all or nothing. */
  async function copyBatch(users: BulkUser[], event: AuditEvent): Promise<void> {
    await copy(
      writer,
      'users',
      [...USER_COLUMNS, 'updated_on'],
      users.map(({ user }) => copyLine([...USER_COLUMNS.map((c) => user[c]), user.created_on])),
    );
    await copy(writer, 'identities', IDENTITY_COLUMNS, identityLines(users));
    await copy(
      writer,
      'user_passwords',
      ['user_id', 'algorithm', 'hash', 'params', 'updated_on'],
      users.flatMap(({ user, password }) =>
        password === null ? [] : [copyLine([user.id, password.algorithm, password.hash, password.params, user.created_on])],
      ),
    );
    await insertEvent(event, 0);
  }

  /** The batch through staging tables, leaving out, whole, each user whose identity or provided id is taken. */
  async function stageBatch(users: BulkUser[], event: AuditEvent): Promise<Set<string>> {
    const left = new Set<string>();
    await copy(
      writer,
      'import_users',
      [...USER_COLUMNS, 'identity_count', 'algorithm', 'hash', 'params'],
      users.map(({ user, identities, password }) =>
        copyLine([
          ...USER_COLUMNS.map((c) => user[c]),
          identities.length,
          password?.algorithm ?? null,
          password?.hash ?? null,
          password?.params ?? null,
        ]),
      ),
    );
    await copy(writer, 'import_identities', IDENTITY_COLUMNS, identityLines(users));

    // A provided id taken since the check: the user is not inserted, so neither are its identities.
    const lostUsers = await writer.query<{ id: string }>(`
      with inserted as (
        insert into users (${USER_COLUMNS.join(', ')}, updated_on)
        select ${USER_COLUMNS.join(', ')}, created_on from import_users on conflict do nothing returning id)
      delete from import_users s where not exists (select 1 from inserted where inserted.id = s.id) returning s.id`);
    for (const { id } of lostUsers.rows) left.add(id);

    // An identity taken since the check makes its user incomplete: that user is removed again, whole.
    const incomplete = await writer.query<{ id: string }>(`
      with inserted as (
        insert into identities (${IDENTITY_COLUMNS.join(', ')})
        select ${IDENTITY_COLUMNS.map((c) => `i.${c}`).join(', ')} from import_identities i join import_users s on s.id = i.user_id
        on conflict do nothing returning user_id),
      counts as (select user_id, count(*) as n from inserted group by user_id)
      select s.id from import_users s left join counts c on c.user_id = s.id where coalesce(c.n, 0) <> s.identity_count`);
    if (incomplete.rows.length > 0) {
      const ids = incomplete.rows.map((r) => r.id);
      await writer.query('delete from users where id = any($1::text[])', [ids]);
      await writer.query('delete from import_users where id = any($1::text[])', [ids]);
      for (const id of ids) left.add(id);
    }

    await writer.query(`
      insert into user_passwords (user_id, algorithm, hash, params, failed_attempts, locked_until, updated_on)
      select id, algorithm, hash, params, 0, null, created_on from import_users where hash is not null`);
    await insertEvent(event, left.size);
    return left;
  }

  function identityLines(users: BulkUser[]): string[] {
    return users.flatMap(({ user, identities }) =>
      identities.map((identity) => copyLine(IDENTITY_COLUMNS.map((c) => (c === 'user_id' ? user.id : identity[c])))),
    );
  }

  async function insertEvent(event: AuditEvent, leftOut: number): Promise<void> {
    const row = eventRow({ ...event, data: { ...event.data, left_out: leftOut } });
    await writer.query(
      `insert into audit_events (${EVENT_COLUMNS.join(', ')}) values (${EVENT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
      EVENT_COLUMNS.map((c) => row[c]),
    );
  }
}

async function inTransaction<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const result = await work();
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}
