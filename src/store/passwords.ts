import type { Executor } from './database.js';
import type { UserPasswordRow } from './schema.js';

export function findPassword(ex: Executor, userId: string): Promise<UserPasswordRow | undefined> {
  return ex.selectFrom('user_passwords').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Sets the user's one password, replacing any other (and clearing its failure count and lock). */
export async function savePassword(
  ex: Executor,
  row: Pick<UserPasswordRow, 'user_id' | 'algorithm' | 'hash' | 'params' | 'updated_on'>,
): Promise<void> {
  const fresh = { ...row, failed_attempts: 0, locked_until: null };
  await ex
    .insertInto('user_passwords')
    .values(fresh)
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({
        algorithm: row.algorithm,
        hash: row.hash,
        params: row.params,
        updated_on: row.updated_on,
        failed_attempts: 0,
        locked_until: null,
      }),
    )
    .execute();
}
