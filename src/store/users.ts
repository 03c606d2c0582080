import type { Updateable } from 'kysely';
import type { Executor } from './database.js';
import { engineOf } from './engine.js';
import type { UserRow, UsersTable } from './schema.js';
import { prefixRange } from './text.js';

export async function insertUser(ex: Executor, row: UserRow): Promise<void> {
  await ex.insertInto('users').values(row).execute();
}

export function findUser(ex: Executor, id: string): Promise<UserRow | undefined> {
  return ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Takes the user's row lock for the rest of the transaction (PostgreSQL), so writes to one user's identities
 * run one at a time; SQLite already runs one write transaction at a time. Returns whether the user exists.
 */
export async function lockUser(ex: Executor, id: string): Promise<boolean> {
  let query = ex.selectFrom('users').select('id').where('id', '=', id);
  if (engineOf(ex) === 'postgres') query = query.forUpdate();
  return (await query.executeTakeFirst()) !== undefined;
}

export async function updateUser(ex: Executor, id: string, patch: Updateable<UsersTable>): Promise<boolean> {
  const result = await ex.updateTable('users').set(patch).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteUser(ex: Executor, id: string): Promise<boolean> {
  const result = await ex.deleteFrom('users').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export interface UserFilter {
  ids?: string[];
  /** Users holding an identity of this type whose lookup key is one of these; several filters must all match. */
  identities?: { type: string; lookupKeys: string[] }[];
  afterId?: string;
  /** ISO-8601 UTC: only users who signed in at or after it. */
  signedInSince?: string;
  limit: number;
}

/** Users in id order (which is creation order), filtered as asked. */
export function listUsers(ex: Executor, filter: UserFilter): Promise<UserRow[]> {
  // An empty list matches nobody; sent as `in ()` it would be a syntax error on PostgreSQL (SQLite accepts it).
  if (filter.ids?.length === 0 || filter.identities?.some((f) => f.lookupKeys.length === 0)) return Promise.resolve([]);
  let query = ex.selectFrom('users').selectAll();
  if (filter.ids) query = query.where('id', 'in', filter.ids);
  for (const { type, lookupKeys } of filter.identities ?? []) {
    query = query.where('id', 'in', (sub) =>
      sub.selectFrom('identities').select('user_id').where('type', '=', type).where('lookup_key', 'in', lookupKeys),
    );
  }
  if (filter.signedInSince) query = query.where('last_signed_in', '>=', filter.signedInSince);
  if (filter.afterId) query = query.where('id', '>', filter.afterId);
  return query.orderBy('id').limit(filter.limit).execute();
}

export interface UserSearch {
  /** Lower-cased prefix matched against identity lookup keys; null lists everyone. */
  keyPrefix: string | null;
  /** Search-key prefix (domain/names.ts) matched against the given name, the family name and the full name. */
  namePrefix: string | null;
  /** Matched exactly against the user id and the provided id. */
  exact: string | null;
  afterId?: string;
  beforeId?: string;
  limit: number;
}

export async function searchUsers(ex: Executor, search: UserSearch): Promise<UserRow[]> {
  let query = ex.selectFrom('users').selectAll();
  const { keyPrefix, namePrefix, exact } = search;
  if (keyPrefix !== null || namePrefix !== null || exact !== null) {
    query = query.where((eb) => {
      const alternatives = exact === null ? [] : [eb('id', '=', exact), eb('provided_id', '=', exact)];
      if (keyPrefix !== null) {
        const [low, high] = prefixRange(keyPrefix);
        alternatives.push(
          eb('id', 'in', eb.selectFrom('identities').select('user_id').where('lookup_key', '>=', low).where('lookup_key', '<', high)),
        );
      }
      if (namePrefix !== null) {
        const [low, high] = prefixRange(namePrefix);
        for (const column of ['full_name_key', 'last_name_key'] as const) {
          alternatives.push(eb.and([eb(column, '>=', low), eb(column, '<', high)]));
        }
      }
      return eb.or(alternatives);
    });
  }
  if (search.beforeId) {
    const rows = await query.where('id', '<', search.beforeId).orderBy('id', 'desc').limit(search.limit).execute();
    return rows.reverse();
  }
  if (search.afterId) query = query.where('id', '>', search.afterId);
  return query.orderBy('id').limit(search.limit).execute();
}

/** A successful sign-in, counted in SQL. */
/** Counts a sign-in of a user who may sign in; false (and nothing counted) when the user is suspended or gone. */
export async function recordSignIn(ex: Executor, id: string, now: string): Promise<boolean> {
  const result = await ex
    .updateTable('users')
    .set((eb) => ({ total_sign_ins: eb('total_sign_ins', '+', 1), last_signed_in: now }))
    .where('id', '=', id)
    .where('is_suspended', '=', 0)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function recordFailedSignIn(ex: Executor, id: string): Promise<void> {
  await ex
    .updateTable('users')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
    .where('id', '=', id)
    .execute();
}
