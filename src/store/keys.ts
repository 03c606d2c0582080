import { sql } from 'kysely';
import type { SigningKey } from '../domain/signing-key.js';
import type { Executor } from './database.js';
import type { SigningKeyRow } from './schema.js';

const toKey = (row: SigningKeyRow): SigningKey => ({
  kid: row.kid,
  publicJwk: row.public_jwk,
  privateJwk: row.private_jwk,
  createdOn: row.created_on,
  signsFrom: row.signs_from,
  retiredOn: row.retired_on,
});

export async function insertSigningKey(ex: Executor, key: SigningKey): Promise<void> {
  await ex
    .insertInto('signing_keys')
    .values({
      kid: key.kid,
      public_jwk: key.publicJwk,
      private_jwk: key.privateJwk,
      created_on: key.createdOn,
      signs_from: key.signsFrom,
      retired_on: key.retiredOn,
    })
    .execute();
}

/** Keys never retired, oldest first. */
export async function activeSigningKeys(ex: Executor): Promise<SigningKey[]> {
  const rows = await ex
    .selectFrom('signing_keys')
    .selectAll()
    .where('retired_on', 'is', null)
    .orderBy('created_on')
    .orderBy('kid')
    .execute();
  return rows.map(toKey);
}

/** Keys still published at `now` (not retired yet, or retiring later), oldest first. */
export async function publishedSigningKeys(ex: Executor, now: string): Promise<SigningKey[]> {
  const rows = await ex
    .selectFrom('signing_keys')
    .selectAll()
    .where((eb) => eb.or([eb('retired_on', 'is', null), eb('retired_on', '>', now)]))
    .orderBy('created_on')
    .orderBy('kid')
    .execute();
  return rows.map(toKey);
}

export async function allSigningKeys(ex: Executor): Promise<SigningKey[]> {
  return (await ex.selectFrom('signing_keys').selectAll().orderBy('created_on').orderBy('kid').execute()).map(toKey);
}

/**
 * Retires, at `retireOn`, every unretired key other than `kid` that starts signing before `signsFrom`: of two
 * rotations at once, the later-signing key survives.
 */
export async function retireKeysBefore(ex: Executor, kid: string, signsFrom: string, retireOn: string): Promise<void> {
  await ex
    .updateTable('signing_keys')
    .set({ retired_on: retireOn })
    .where('retired_on', 'is', null)
    .where('kid', '!=', kid)
    .where(sql<string>`coalesce(signs_from, created_on)`, '<', signsFrom)
    .execute();
}
