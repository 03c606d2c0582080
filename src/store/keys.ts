import type { Executor } from './database.js';
import type { ScheduledSigningKeyRow, SigningKeyRow } from './schema.js';

export async function insertSigningKey(ex: Executor, row: SigningKeyRow & { signs_from?: string | null }): Promise<void> {
  await ex.insertInto('signing_keys').values(row).execute();
}

/** Keys never retired, oldest first. */
export function activeSigningKeys(ex: Executor): Promise<SigningKeyRow[]> {
  return ex
    .selectFrom('signing_keys')
    .select(['kid', 'public_jwk', 'private_jwk', 'created_on', 'retired_on'])
    .where('retired_on', 'is', null)
    .orderBy('created_on')
    .orderBy('kid')
    .execute();
}

/** Keys still published at `now` (not retired yet, or retiring later), oldest first. */
export function publishedSigningKeys(ex: Executor, now: string): Promise<ScheduledSigningKeyRow[]> {
  return ex
    .selectFrom('signing_keys')
    .selectAll()
    .where((eb) => eb.or([eb('retired_on', 'is', null), eb('retired_on', '>', now)]))
    .orderBy('created_on')
    .orderBy('kid')
    .execute();
}

export function allSigningKeys(ex: Executor): Promise<ScheduledSigningKeyRow[]> {
  return ex.selectFrom('signing_keys').selectAll().orderBy('created_on').orderBy('kid').execute();
}
