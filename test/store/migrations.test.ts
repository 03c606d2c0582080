import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/database.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { ENGINE } from '../support/roster.js';
import { openTestStore, type TestStore } from '../support/store.js';

interface SchemaObject {
  name: string;
  kind: 'table' | 'index';
  definition: string;
}

/** Tables and indexes the migrations created, with each index's SQL (to see which are partial and unique). */
async function schemaObjects(store: TestStore): Promise<SchemaObject[]> {
  if (store.engine === 'sqlite') {
    const { rows } = await sql<{ name: string; type: 'table' | 'index'; sql: string | null }>`
      select name, type, sql from sqlite_master where type in ('table', 'index') and name not like 'sqlite_%'`.execute(store.db);
    return rows.map((r) => ({ name: r.name, kind: r.type, definition: r.sql ?? '' }));
  }
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables where table_schema = 'public'`.execute(store.db);
  const indexes = await sql<{ name: string; definition: string }>`
    select indexname as name, indexdef as definition from pg_indexes where schemaname = 'public'`.execute(store.db);
  return [
    ...tables.rows.map((r) => ({ name: r.name, kind: 'table' as const, definition: '' })),
    ...indexes.rows.map((r) => ({ ...r, kind: 'index' as const })),
  ];
}

describe(`store contract: migrations (${ENGINE})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it('applies every migration, in order, when the database is opened empty', async () => {
    const all = Object.keys(await migrationProvider.getMigrations());
    expect(all[0]).toBe('001-users-and-identities');
    expect(store.applied).toEqual(all);
  });

  it('running migrate() again applies nothing and changes no table or index', async () => {
    const before = await schemaObjects(store);
    expect(await migrate(store.db)).toEqual([]);
    expect(await migrate(store.db)).toEqual([]);
    const after = await schemaObjects(store);
    expect(after.map((o) => o.name).sort()).toEqual(before.map((o) => o.name).sort());
    const recorded = await sql<{ name: string }>`select name from roster_migrations`.execute(store.db);
    expect(recorded.rows.map((r) => r.name)).toEqual(store.applied);
  });

  it('creates the tables of the schema', async () => {
    const tables = (await schemaObjects(store)).filter((o) => o.kind === 'table').map((o) => o.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'users',
        'identities',
        'applications',
        'signing_keys',
        'audit_events',
        'user_passwords',
        'sessions',
        'authorization_requests',
        'authorization_codes',
        'refresh_tokens',
        'one_time_codes',
        'outbox',
        'roster_migrations',
        'roster_migrations_lock',
      ]),
    );
  });

  it('creates the named indexes: unique where rules need it, partial where only some rows count', async () => {
    const indexes = new Map(
      (await schemaObjects(store)).filter((o) => o.kind === 'index').map((o) => [o.name, o.definition.toLowerCase()]),
    );
    const expected: Record<string, { unique: boolean; partial: boolean }> = {
      users_provided_id: { unique: true, partial: true },
      identities_type_lookup_key: { unique: true, partial: false },
      identities_one_primary_per_type: { unique: true, partial: true },
      identities_user: { unique: false, partial: false },
      identities_lookalike: { unique: false, partial: true },
      audit_events_user: { unique: false, partial: false },
    };
    for (const [name, shape] of Object.entries(expected)) {
      const definition = indexes.get(name);
      expect(definition, name).toBeDefined();
      expect({ name, unique: /\bunique\b/.test(definition!), partial: /\bwhere\b/.test(definition!) }).toEqual({ name, ...shape });
    }
  });

  it('lookup and look-alike keys compare as plain bytes: collation "C" on PostgreSQL, BINARY (no collation) on SQLite', async () => {
    if (store.engine === 'postgres') {
      const { rows } = await sql<{ column: string; collation: string | null }>`
        select column_name as column, collation_name as collation from information_schema.columns
        where table_name = 'identities' and column_name in ('lookup_key', 'lookalike_key') order by column_name`.execute(store.db);
      expect(rows).toEqual([
        { column: 'lookalike_key', collation: 'C' },
        { column: 'lookup_key', collation: 'C' },
      ]);
    } else {
      const identities = (await schemaObjects(store)).find((o) => o.name === 'identities');
      expect(identities?.definition.toLowerCase()).not.toContain('collate');
    }
  });
});
