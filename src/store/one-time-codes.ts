import type { Executor } from './database.js';
import type { OneTimeCodeRow } from './schema.js';

export async function insertCode(ex: Executor, row: OneTimeCodeRow): Promise<void> {
  await ex.insertInto('one_time_codes').values(row).execute();
}

export function findCode(ex: Executor, id: string): Promise<OneTimeCodeRow | undefined> {
  return ex.selectFrom('one_time_codes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** How many codes were issued for this identifier since `since` (used or not): the issuing throttle. */
export async function countCodesSince(ex: Executor, type: string, lookupKey: string, since: string): Promise<number> {
  const row = await ex
    .selectFrom('one_time_codes')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('type', '=', type)
    .where('lookup_key', '=', lookupKey)
    .where('created_on', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Drops this identifier's codes that expired before `before`; they can be neither used nor counted any more. */
export async function deleteExpiredCodes(ex: Executor, type: string, lookupKey: string, before: string): Promise<void> {
  await ex
    .deleteFrom('one_time_codes')
    .where('type', '=', type)
    .where('lookup_key', '=', lookupKey)
    .where('expires_on', '<', before)
    .execute();
}

/**
 * Uses the code if it is the right one and still usable. The conditions are in the UPDATE itself, so of two
 * concurrent submissions of the right code exactly one changes the row.
 */
export async function consumeCode(ex: Executor, id: string, codeHash: string, now: string, maxAttempts: number): Promise<boolean> {
  const result = await ex
    .updateTable('one_time_codes')
    .set({ used_on: now })
    .where('id', '=', id)
    .where('code_hash', '=', codeHash)
    .where('used_on', 'is', null)
    .where('expires_on', '>', now)
    .where('attempts', '<', maxAttempts)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Counts one wrong guess against a still-usable code, in SQL so concurrent guesses all count. */
export async function countWrongAttempt(ex: Executor, id: string, now: string, maxAttempts: number): Promise<void> {
  await ex
    .updateTable('one_time_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('used_on', 'is', null)
    .where('expires_on', '>', now)
    .where('attempts', '<', maxAttempts)
    .execute();
}

/** Makes a code unusable without it having been used: its message could not be sent. */
export async function voidCode(ex: Executor, id: string, now: string): Promise<void> {
  await ex.updateTable('one_time_codes').set({ used_on: now }).where('id', '=', id).where('used_on', 'is', null).execute();
}
