import { sql } from 'kysely';
import type { Executor } from './database.js';
import { engineOf, storeError } from './engine.js';
import type { IdentityRow } from './schema.js';

export async function insertIdentity(ex: Executor, row: IdentityRow): Promise<void> {
  try {
    await ex.insertInto('identities').values(row).execute();
  } catch (error) {
    throw storeError(error);
  }
}

export function findIdentity(ex: Executor, id: string): Promise<IdentityRow | undefined> {
  return ex.selectFrom('identities').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Identities of several users at once, in creation order; with `primaryOnly`, just their primaries. */
export function identitiesOfUsers(ex: Executor, userIds: string[], primaryOnly = false): Promise<IdentityRow[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  let query = ex.selectFrom('identities').selectAll().where('user_id', 'in', userIds);
  if (primaryOnly) query = query.where('is_primary', '=', 1);
  return query.orderBy('id').execute();
}

export interface IdentityPage {
  afterId?: string;
  beforeId?: string;
  limit: number;
}

export async function identitiesOfUser(ex: Executor, userId: string, page: IdentityPage): Promise<IdentityRow[]> {
  const query = ex.selectFrom('identities').selectAll().where('user_id', '=', userId);
  if (page.beforeId) {
    const rows = await query.where('id', '<', page.beforeId).orderBy('id', 'desc').limit(page.limit).execute();
    return rows.reverse();
  }
  return (page.afterId ? query.where('id', '>', page.afterId) : query).orderBy('id').limit(page.limit).execute();
}

export async function countIdentitiesOfUser(ex: Executor, userId: string): Promise<number> {
  const row = await ex
    .selectFrom('identities')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function identitiesOfType(ex: Executor, userId: string, type: string): Promise<IdentityRow[]> {
  return ex.selectFrom('identities').selectAll().where('user_id', '=', userId).where('type', '=', type).orderBy('id').execute();
}

export async function hasPrimary(ex: Executor, userId: string, type: string): Promise<boolean> {
  const row = await ex
    .selectFrom('identities')
    .select('id')
    .where('user_id', '=', userId)
    .where('type', '=', type)
    .where('is_primary', '=', 1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Makes `id` the primary of its type, demoting the previous primary first so the unique index never sees two. */
export async function setPrimary(ex: Executor, identity: Pick<IdentityRow, 'id' | 'user_id' | 'type'>): Promise<void> {
  await ex
    .updateTable('identities')
    .set({ is_primary: 0 })
    .where('user_id', '=', identity.user_id)
    .where('type', '=', identity.type)
    .where('is_primary', '=', 1)
    .where('id', '!=', identity.id)
    .execute();
  await ex.updateTable('identities').set({ is_primary: 1 }).where('id', '=', identity.id).execute();
}

export async function deleteIdentity(ex: Executor, id: string): Promise<void> {
  await ex.deleteFrom('identities').where('id', '=', id).execute();
}

/** Another username whose look-alike key equals this one (a different lookup key), if any. */
/** A username's two look-alike keys (see domain/lookalike.ts); a twin shares either one. */
export interface LookalikeKeyPair {
  folded: string;
  cased: string;
}

export function findLookalike(ex: Executor, keys: LookalikeKeyPair, lookupKey: string): Promise<IdentityRow | undefined> {
  return ex
    .selectFrom('identities')
    .selectAll()
    .where('type', '=', 'username')
    .where((eb) => eb.or([eb('lookalike_key', '=', keys.folded), eb('lookalike_cased_key', '=', keys.cased)]))
    .where('lookup_key', '!=', lookupKey)
    .limit(1)
    .executeTakeFirst();
}

/**
 * Serialises writers of these look-alike keys until the transaction ends (PostgreSQL), so "reject look-alikes" holds under
 * concurrent requests; SQLite already runs one write transaction at a time.
 */
export async function lockLookalikeKeys(ex: Executor, keys: LookalikeKeyPair): Promise<void> {
  if (engineOf(ex) !== 'postgres') return;
  // Always in the same order (folded, then cased), so two writers never wait on each other's first lock.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`folded:${keys.folded}`}, 0))`.execute(ex);
  await sql`select pg_advisory_xact_lock(hashtextextended(${`cased:${keys.cased}`}, 0))`.execute(ex);
}

/** The identity with this normalised value, and its user, if anyone has it. */
export function findIdentityByKey(ex: Executor, type: string, lookupKey: string): Promise<IdentityRow | undefined> {
  return ex.selectFrom('identities').selectAll().where('type', '=', type).where('lookup_key', '=', lookupKey).executeTakeFirst();
}

/** A successful sign-in with this identity; `confirmed` when the user proved they control it (a one-time code). */
export async function recordLogin(ex: Executor, id: string, now: string, confirmed: boolean): Promise<void> {
  await ex
    .updateTable('identities')
    .set((eb) => ({ total_logins: eb('total_logins', '+', 1), last_login_on: now, ...(confirmed ? { is_confirmed: 1 as const } : {}) }))
    .where('id', '=', id)
    .execute();
}
