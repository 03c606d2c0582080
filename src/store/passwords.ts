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

/**
 * Counts a password attempt before its hash is checked, and locks the password once `maxFailures` attempts have not
 * been cleared by a success; a lock that has run out starts a new count. Reserving first means concurrent guesses
 * can't all slip in before the lock: the database refuses the one after the limit. Returns the password row as it
 * now stands, or undefined when the password is locked (or the user has none).
 */
export async function reserveAttempt(
  ex: Executor,
  userId: string,
  now: string,
  lockUntil: string,
  maxFailures: number,
): Promise<UserPasswordRow | undefined> {
  return ex
    .updateTable('user_passwords')
    .set((eb) => ({
      failed_attempts: eb
        .case()
        .when('locked_until', 'is not', null)
        .then(1)
        .else(eb('failed_attempts', '+', 1))
        .end(),
      locked_until: eb
        .case()
        .when(eb.and([eb('locked_until', 'is', null), eb(eb('failed_attempts', '+', 1), '>=', maxFailures)]))
        .then(lockUntil)
        .else(null)
        .end(),
    }))
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returningAll()
    .executeTakeFirst();
}

/** A proved password clears the count and any lock. */
export async function clearFailures(ex: Executor, userId: string): Promise<void> {
  await ex.updateTable('user_passwords').set({ failed_attempts: 0, locked_until: null }).where('user_id', '=', userId).execute();
}
