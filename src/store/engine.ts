import { PostgresAdapter, type Kysely } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const engineOf = (db: Kysely<any>): Engine => (db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite');

/** Which unique rule a write broke, from either engine's error, or null when the error is something else. */
export type UniqueRule = 'identity_value' | 'identity_primary' | 'user_provided_id' | 'first_admin' | 'other';

/**
 * A write that one of the database's unique rules refused. Drivers' errors are translated into it in one place, the
 * store (as Kratos's sqlcon.HandleError does), so callers test a type instead of each engine's codes.
 */
export class UniqueViolation extends Error {
  constructor(
    readonly rule: UniqueRule,
    options?: ErrorOptions,
  ) {
    super(`A unique rule (${rule}) refused the write`, options);
    this.name = 'UniqueViolation';
  }
}

/** The store's own error for a driver's error where it has one; otherwise the error as it was. */
export function storeError(error: unknown): unknown {
  const rule = uniqueRule(error);
  return rule === null ? error : new UniqueViolation(rule, { cause: error });
}

export function uniqueRule(error: unknown): UniqueRule | null {
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
