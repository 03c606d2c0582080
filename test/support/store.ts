import { newIdentityId, newUserId } from '../../src/domain/ids.js';
import { nameKeys } from '../../src/domain/names.js';
import { migrate, openDatabase, type Database } from '../../src/store/database.js';
import { storeError, UniqueViolation, type UniqueRule } from '../../src/store/engine.js';
import { insertIdentity } from '../../src/store/identities.js';
import type { IdentityRow, UserRow } from '../../src/store/schema.js';
import { insertUser } from '../../src/store/users.js';
import { freshDatabase } from './roster.js';

export interface TestStore extends Database {
  /** What `migrate()` applied when the store was opened. */
  applied: string[];
}

/** A fresh, migrated database for one test file, on the engine under test; close() also drops it. */
export async function openTestStore(): Promise<TestStore> {
  const fresh = await freshDatabase();
  const database = openDatabase({ databaseUrl: fresh.config.databaseUrl, dataDir: fresh.config.dataDir });
  try {
    const applied = await migrate(database.db);
    return {
      ...database,
      applied,
      close: async () => {
        await database.close();
        await fresh.drop();
      },
    };
  } catch (error) {
    await database.close();
    await fresh.drop();
    throw error;
  }
}
const STAMP = '2026-01-02T03:04:05.678Z';

export function userRow(overrides: Partial<UserRow> = {}): UserRow {
  return {
    id: newUserId(),
    provided_id: null,
    first_name: null,
    last_name: null,
    picture: null,
    is_suspended: 0,
    is_password_reset_requested: 0,
    total_sign_ins: 0,
    failed_sign_ins: 0,
    last_signed_in: null,
    created_on: STAMP,
    updated_on: STAMP,
    ...overrides,
    // The services compute name keys from the names; rows built here do the same.
    ...nameKeys(overrides.first_name ?? null, overrides.last_name ?? null),
  };
}

/** An identity row; the lookup key defaults to the name, as the store never normalises. */
export function identityRow(userId: string, type: string, name: string, overrides: Partial<IdentityRow> = {}): IdentityRow {
  return {
    id: newIdentityId(),
    user_id: userId,
    type,
    name,
    lookup_key: name,
    lookalike_key: null,
    lookalike_cased_key: null,
    connection_id: null,
    is_primary: 0,
    is_confirmed: 0,
    created_on: STAMP,
    last_login_on: null,
    total_logins: 0,
    ...overrides,
  };
}

/** Inserts a user and its identities (in the order given, so in id order). */
export async function seedUser(
  db: Database['db'],
  user: Partial<UserRow>,
  identities: { type: string; key: string; primary?: boolean }[] = [],
): Promise<UserRow> {
  const row = userRow(user);
  await insertUser(db, row);
  for (const { type, key, primary } of identities) {
    await insertIdentity(db, identityRow(row.id, type, key, { is_primary: primary ? 1 : 0 }));
  }
  return row;
}

/** Awaits a write that must break a unique rule and says which one (null: it broke something else). */
export async function brokenUniqueRule(write: Promise<unknown>): Promise<UniqueRule | null> {
  try {
    await write;
  } catch (error) {
    const translated = storeError(error);
    return translated instanceof UniqueViolation ? translated.rule : null;
  }
  throw new Error('expected the write to break a unique rule, but it succeeded');
}
