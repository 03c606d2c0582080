import type { Executor } from './database.js';
import type { AdminRow } from './schema.js';

/** Grants a user management scopes, or replaces the scopes of an existing admin. */
export async function upsertAdmin(ex: Executor, row: AdminRow): Promise<void> {
  await ex
    .insertInto('admins')
    .values(row)
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ scopes: row.scopes, updated_on: row.updated_on }))
    .execute();
}

export async function deleteAdmin(ex: Executor, userId: string): Promise<boolean> {
  const result = await ex.deleteFrom('admins').where('user_id', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export interface AdminListing extends AdminRow {
  first_name: string | null;
  last_name: string | null;
  is_suspended: 0 | 1;
  email: string | null;
}

export function listAdmins(ex: Executor): Promise<AdminListing[]> {
  return ex
    .selectFrom('admins')
    .innerJoin('users', 'users.id', 'admins.user_id')
    .leftJoin('identities', (join) =>
      join.onRef('identities.user_id', '=', 'admins.user_id').on('identities.type', '=', 'email').on('identities.is_primary', '=', 1),
    )
    .selectAll('admins')
    .select(['users.first_name', 'users.last_name', 'users.is_suspended', 'identities.name as email'])
    .orderBy('admins.created_on')
    .orderBy('admins.user_id')
    .execute();
}

/** The scopes of an admin who may act now: an admin whose user is not suspended. */
export async function activeAdminScopes(ex: Executor, userId: string): Promise<string | undefined> {
  const row = await ex
    .selectFrom('admins')
    .innerJoin('users', 'users.id', 'admins.user_id')
    .select('admins.scopes')
    .where('admins.user_id', '=', userId)
    .where('users.is_suspended', '=', 0)
    .executeTakeFirst();
  return row?.scopes;
}

export async function anyAdmin(ex: Executor): Promise<boolean> {
  return (await ex.selectFrom('admins').select('user_id').limit(1).executeTakeFirst()) !== undefined;
}

export async function insertSetupLink(ex: Executor, row: { token_hash: string; created_on: string; expires_on: string }): Promise<void> {
  await ex
    .insertInto('admin_setup_links')
    .values({ ...row, used_on: null })
    .execute();
}

/** Whether this link exists, is unused and has not expired at `now`. */
export async function setupLinkIsLive(ex: Executor, tokenHash: string, now: string): Promise<boolean> {
  const row = await ex
    .selectFrom('admin_setup_links')
    .select('token_hash')
    .where('token_hash', '=', tokenHash)
    .where('used_on', 'is', null)
    .where('expires_on', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

/** Marks a live link used; false when it was unknown, used or expired (only one claim of a link ever succeeds). */
export async function claimSetupLink(ex: Executor, tokenHash: string, now: string): Promise<boolean> {
  const result = await ex
    .updateTable('admin_setup_links')
    .set({ used_on: now })
    .where('token_hash', '=', tokenHash)
    .where('used_on', 'is', null)
    .where('expires_on', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
