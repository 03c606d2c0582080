import { sql } from 'kysely';
import type { Executor } from './database.js';

/** One counter: its key, how many failures lock it, and until when the lock it sets lasts. */
export interface AttemptCounter {
  key: string;
  maxFailures: number;
  lockUntil: string;
}

/** The latest lock still in force on any of these keys at `now`, if one is. */
export async function activeLock(ex: Executor, keys: string[], now: string): Promise<string | undefined> {
  const row = await ex
    .selectFrom('sign_in_attempts')
    .select('locked_until')
    .where('key', 'in', keys)
    .where('locked_until', '>', now)
    .orderBy('locked_until', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.locked_until ?? undefined;
}

/**
 * Counts one failure in one statement, so concurrent failures all count. The failure that reaches the limit sets the
 * lock; a lock that has run out starts a new count. Returns the count after this failure and the lock in force.
 */
export async function recordFailure(
  ex: Executor,
  counter: AttemptCounter,
  now: string,
): Promise<{ failures: number; lockedUntil: string | null }> {
  const { key, maxFailures, lockUntil } = counter;
  const { rows } = await sql<{ failures: number; locked_until: string | null }>`
    insert into sign_in_attempts (key, failures, locked_until, updated_on)
    values (${key}, 1, ${maxFailures <= 1 ? lockUntil : null}, ${now})
    on conflict (key) do update set
      failures = case when sign_in_attempts.locked_until <= ${now} then 1 else sign_in_attempts.failures + 1 end,
      locked_until = case
        when sign_in_attempts.locked_until > ${now} then sign_in_attempts.locked_until
        when sign_in_attempts.locked_until is null and sign_in_attempts.failures + 1 >= ${maxFailures} then ${lockUntil}
        else null
      end,
      updated_on = ${now}
    returning failures, locked_until`.execute(ex);
  return { failures: Number(rows[0]!.failures), lockedUntil: rows[0]!.locked_until };
}

/** A proved password clears the counts of these keys, but not a lock in force (a concurrent failure may just have set it). */
export async function clearFailures(ex: Executor, keys: string[], now: string): Promise<void> {
  await ex
    .updateTable('sign_in_attempts')
    .set({ failures: 0, locked_until: null, updated_on: now })
    .where('key', 'in', keys)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .execute();
}
