import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { AuditEvent } from './audit.js';
import { claimDigest, identityKey, type BulkSession, type BulkUser, type ClaimedKey, type SeenKey } from './bulk.js';

const USER_COLUMNS = ['id', 'provided_id', 'first_name', 'last_name', 'full_name_key', 'last_name_key', 'picture', 'created_on'] as const;
const IDENTITY_COLUMNS = ['id', 'user_id', 'type', 'name', 'lookup_key', 'lookalike_key', 'connection_id', 'is_primary', 'is_confirmed', 'created_on'] as const;

// Staging tables empty themselves at every commit; the seen-keys table lives as long as the session.
// The checks probe a few thousand keys in tables that grow by the same amount every batch, faster than their
// statistics: without these settings the planner comes to scan them whole for every batch.
const CHECKER_SETUP = `
  set temp_buffers = '128MB';
  set enable_seqscan = off;
  set enable_hashjoin = off;
  set enable_mergejoin = off;
  create temp table import_seen (digest bigint primary key, kind text, key text, row integer not null, name text);`;

// Staging tables that empty themselves at every commit.
const WRITER_SETUP = `
  create temp table import_users (
    id text primary key, provided_id text, first_name text, last_name text, full_name_key text collate "C", last_name_key text collate "C",
    picture text, created_on text not null, identity_count integer not null, algorithm text, hash text, params text
  ) on commit delete rows;
  create temp table import_identities (
    id text, user_id text, type text, name text, lookup_key text collate "C", lookalike_key text collate "C", connection_id text,
    is_primary integer, is_confirmed integer, created_on text
  ) on commit delete rows;`;

/** COPY text format: tab-separated, `\N` for null, backslash escapes for the characters that delimit. */
function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
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

  const copy = async (table: string, columns: readonly string[], lines: string[]) => {
    if (lines.length === 0) return;
    await pipeline(Readable.from([lines.join('')]), writer.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`)));
  };

  return {
    async seen(keys: ClaimedKey[]): Promise<SeenKey[]> {
      if (keys.length === 0) return [];
      const { rows } = await checker.query<SeenKey>(
        'select s.kind, s.key, s.row, s.name from import_seen s join unnest($1::bigint[]) as k(digest) on s.digest = k.digest',
        [keys.map((k) => String(claimDigest(k.kind, k.key)))],
      );
      const wanted = new Set(keys.map((k) => identityKey(k.kind, k.key)));
      return rows.filter((r) => wanted.has(identityKey(r.kind, r.key)));
    },

    async remember(keys: SeenKey[]): Promise<void> {
      if (keys.length === 0) return;
      await checker.query('insert into import_seen select * from unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[]) on conflict do nothing', [
        keys.map((k) => String(claimDigest(k.kind, k.key))),
        keys.map((k) => k.kind),
        keys.map((k) => k.key),
        keys.map((k) => k.row),
        keys.map((k) => k.name),
      ]);
    },

    async existingIdentities(keys) {
      if (keys.length === 0) return new Set();
      const { rows } = await checker.query<{ type: string; lookup_key: string }>(
        'select i.type, i.lookup_key from identities i join unnest($1::text[], $2::text[]) as k(type, key) on i.type = k.type and i.lookup_key = k.key',
        [keys.map((k) => k.type), keys.map((k) => k.lookupKey)],
      );
      return new Set(rows.map((r) => identityKey(r.type, r.lookup_key)));
    },

    async existingProvidedIds(ids) {
      if (ids.length === 0) return new Set();
      const { rows } = await checker.query<{ provided_id: string }>('select provided_id from users where provided_id = any($1::text[])', [ids]);
      return new Set(rows.map((r) => r.provided_id));
    },

    async usernamesLookingLike(lookalikeKeys) {
      if (lookalikeKeys.length === 0) return [];
      const { rows } = await checker.query<{ lookalike_key: string; lookup_key: string; name: string }>(
        `select lookalike_key, lookup_key, name from identities where type = 'username' and lookalike_key = any($1::text[])`,
        [lookalikeKeys],
      );
      return rows.map((r) => ({ lookalikeKey: r.lookalike_key, lookupKey: r.lookup_key, name: r.name }));
    },

    async insertBatch(users: BulkUser[], event: AuditEvent): Promise<Set<string>> {
      const left = new Set<string>();
      await writer.query('begin');
      try {
        await copy('import_users', [...USER_COLUMNS, 'identity_count', 'algorithm', 'hash', 'params'], users.map(({ user, identities, password }) =>
          copyLine([...USER_COLUMNS.map((c) => user[c]), identities.length, password?.algorithm ?? null, password?.hash ?? null, password?.params ?? null])));
        await copy('import_identities', IDENTITY_COLUMNS, users.flatMap(({ user, identities }) =>
          identities.map((identity) => copyLine(IDENTITY_COLUMNS.map((c) => (c === 'user_id' ? user.id : identity[c]))))));

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
        await writer.query(
          'insert into audit_events (id, occurred_on, actor, action, user_id, identity_id, detail) values ($1, $2, $3, $4, $5, $6, $7)',
          [event.id, event.occurred_on, event.actor, event.action, event.user_id, event.identity_id, JSON.stringify({ ...event.detail, left_out: left.size })],
        );
        await writer.query('commit');
      } catch (error) {
        await writer.query('rollback').catch(() => {});
        throw error;
      }
      return left;
    },

    close: async () => {
      await Promise.all([checker.end(), writer.end()]);
    },
  };
}
