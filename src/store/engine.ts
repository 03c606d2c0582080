import { PostgresAdapter, type Kysely } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const engineOf = (db: Kysely<any>): Engine => (db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');

/** Which unique rule a write broke, from either engine's error, or null when the error is something else. */
export type UniqueRule = 'identity_value' | 'identity_primary' | 'user_provided_id' | 'first_admin' | 'other';

export function uniqueViolation(error: unknown): UniqueRule | null {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e?.code === '23505') return RULE_BY_INDEX[e.constraint ?? ''] ?? 'other';
  if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const columns = /UNIQUE constraint failed: (.*)$/.exec(e.message ?? '')?.[1] ?? '';
    return RULE_BY_COLUMNS[columns] ?? 'other';
  }
  return null;
}

const RULE_BY_INDEX: Record<string, UniqueRule> = {
  identities_type_lookup_key: 'identity_value',
  identities_one_primary_per_type: 'identity_primary',
  users_provided_id: 'user_provided_id',
  admins_first_admin_key: 'first_admin',
};
const RULE_BY_COLUMNS: Record<string, UniqueRule> = {
  'identities.type, identities.lookup_key': 'identity_value',
  'identities.user_id, identities.type': 'identity_primary',
  'users.provided_id': 'user_provided_id',
  'admins.first_admin': 'first_admin',
};
