import type { Selectable } from 'kysely';
import type { Executor } from './database.js';
import type { AuthorizationCodesTable } from './schema.js';

export type AuthorizationCodeRow = Selectable<AuthorizationCodesTable>;

export async function insertAuthorizationCode(ex: Executor, row: AuthorizationCodeRow): Promise<void> {
  await ex.insertInto('authorization_codes').values(row).execute();
}

/**
 * Marks the code used if nobody has yet, and returns it; of two concurrent redemptions only one gets the row.
 * The caller checks everything else and rolls back when the request is refused, which leaves the code unused.
 */
export function claimAuthorizationCode(ex: Executor, codeHash: string, now: string): Promise<AuthorizationCodeRow | undefined> {
  return ex
    .updateTable('authorization_codes')
    .set({ used_on: now })
    .where('code_hash', '=', codeHash)
    .where('used_on', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export function findAuthorizationCode(ex: Executor, codeHash: string): Promise<AuthorizationCodeRow | undefined> {
  return ex.selectFrom('authorization_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
}
