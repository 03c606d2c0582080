import type { Executor } from './database.js';
import type { SigningKeyRow } from './schema.js';

export async function insertSigningKey(ex: Executor, row: SigningKeyRow): Promise<void> {
  await ex.insertInto('signing_keys').values(row).execute();
}

/** Keys not yet retired, oldest first: the oldest signs, all are published. */
export function activeSigningKeys(ex: Executor): Promise<SigningKeyRow[]> {
  return ex.selectFrom('signing_keys').selectAll().where('retired_on', 'is', null).orderBy('created_on').orderBy('kid').execute();
}
