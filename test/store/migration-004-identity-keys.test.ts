import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { normaliseEmail, normaliseUsername } from '../../src/domain/identifiers.js';
import { migrate, openDatabase, type Database } from '../../src/store/database.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { ENGINE, freshDatabase } from '../support/roster.js';
import { userRow } from '../support/store.js';

const STAMP = '2026-01-02T03:04:05.678Z';

/** A database migrated up to 003, holding identities keyed the way 003's code keyed them. */
async function databaseAt003(identities: { type: string; name: string; key: string }[]) {
  const fresh = await freshDatabase();
  const database = openDatabase({ databaseUrl: fresh.config.databaseUrl, dataDir: fresh.config.dataDir });
  const migrator = new Migrator({
    db: database.db,
    provider: migrationProvider,
    migrationTableName: 'roster_migrations',
    migrationLockTableName: 'roster_migrations_lock',
  });
  const { error } = await migrator.migrateTo('003-housekeeping-indexes');
  if (error) throw error;
  const ids: string[] = [];
  for (const [n, identity] of identities.entries()) {
    const user = userRow();
    await database.db.insertInto('users').values(user).execute();
    const id = `identity_${String(n).padStart(32, '0')}`;
    ids.push(id);
    await database.db
      .insertInto('identities')
      // Written as version 003 wrote rows: no second look-alike key yet.
      .values({
        id,
        user_id: user.id,
        type: identity.type,
        name: identity.name,
        lookup_key: identity.key,
        lookalike_key: identity.type === 'username' ? 'old-key' : null,
        is_primary: 1,
        is_confirmed: 0,
        created_on: STAMP,
        total_logins: 0,
      } as never)
      .execute();
  }
  return { database, ids, drop: fresh.drop };
}

describe(`migration 004: identity keys (${ENGINE})`, () => {
  let opened: { database: Database; drop: () => Promise<void> } | undefined;
  afterEach(async () => {
    await opened?.database.close();
    await opened?.drop();
    opened = undefined;
  });

  it('re-keys emails by full case folding and UTS #46, and gives usernames both look-alike keys', async () => {
    const rows = [
      { type: 'email', name: 'ΑΣ@Example.com', key: 'ας@example.com' },
      { type: 'email', name: 'Ann@bücher.example', key: 'ann@bücher.example' },
      { type: 'email', name: 'Straße@example.com', key: 'straße@example.com' },
      // Two addresses whose old keys swap places must not clash on the way.
      { type: 'email', name: 'x@example.com', key: 'x@example.com' },
      { type: 'username', name: 'BuiIderBob', key: 'buiiderbob' },
    ];
    const { database, ids, drop } = await databaseAt003(rows);
    opened = { database, drop };
    expect(await migrate(database.db)).toContain('004-identity-keys');
    const stored = await database.db.selectFrom('identities').selectAll().orderBy('id').execute();
    expect(stored.map((r) => r.id)).toEqual(ids);
    for (const [n, row] of rows.entries()) {
      const normalised = row.type === 'email' ? normaliseEmail(row.name) : normaliseUsername(row.name);
      expect(stored[n]).toMatchObject({
        name: row.name,
        lookup_key: normalised.lookupKey,
        lookalike_key: normalised.lookalikeKey,
        lookalike_cased_key: normalised.lookalikeCasedKey,
      });
    }
    expect(stored[0]!.lookup_key).toBe('ασ@example.com');
    expect(stored[1]!.lookup_key).toBe('ann@xn--bcher-kva.example');
    expect(stored[2]!.lookup_key).toBe('strasse@example.com');
    expect(stored[4]!.lookalike_cased_key).toBe(normaliseUsername('BuilderBob').lookalikeCasedKey);
  });

  it('refuses, naming them, when two stored emails become one address, and changes nothing', async () => {
    const rows = [
      { type: 'email', name: 'ασ@example.com', key: 'ασ@example.com' },
      { type: 'email', name: 'ΑΣ@example.com', key: 'ας@example.com' },
      { type: 'email', name: 'ann@bücher.example', key: 'ann@bücher.example' },
      { type: 'email', name: 'ann@xn--bcher-kva.example', key: 'ann@xn--bcher-kva.example' },
      { type: 'email', name: 'solo@example.com', key: 'solo@example.com' },
    ];
    const { database, ids, drop } = await databaseAt003(rows);
    opened = { database, drop };
    const before = await database.db.selectFrom('identities').selectAll().orderBy('id').execute();
    const refusal = await migrate(database.db).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(refusal).toMatch(/Migration 004 refused: 2 group\(s\)/);
    for (const id of ids.slice(0, 4)) expect(refusal).toContain(id);
    expect(refusal).not.toContain(ids[4]);
    expect(await database.db.selectFrom('identities').selectAll().orderBy('id').execute()).toEqual(before);
    const applied = await database.db
      .selectFrom('roster_migrations' as never)
      .select('name' as never)
      .execute();
    expect(applied.map((r) => (r as { name: string }).name)).not.toContain('004-identity-keys');
  });
});
