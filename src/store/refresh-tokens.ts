import type { Selectable } from 'kysely';
import type { Executor } from './database.js';
import type { RefreshTokensTable } from './schema.js';

export type RefreshTokenRow = Selectable<RefreshTokensTable>;

export async function insertRefreshToken(ex: Executor, row: RefreshTokenRow): Promise<void> {
  await ex.insertInto('refresh_tokens').values(row).execute();
}

/**
 * Marks a live refresh token of this client used and returns it. The conditions are the UPDATE's own, so of two
 * concurrent uses only one gets the row.
 */
export function claimRefreshToken(ex: Executor, tokenHash: string, clientId: string, now: string): Promise<RefreshTokenRow | undefined> {
  return ex
    .updateTable('refresh_tokens')
    .set({ used_on: now })
    .where('token_hash', '=', tokenHash)
    .where('client_id', '=', clientId)
    .where('used_on', 'is', null)
    .where('revoked_on', 'is', null)
    .where('expires_on', '>', now)
    .returningAll()
    .executeTakeFirst();
}

export function findRefreshToken(ex: Executor, tokenHash: string): Promise<RefreshTokenRow | undefined> {
  return ex.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Revokes every refresh token of a chain (all rotations of one sign-in); returns how many were still unrevoked. */
export async function revokeChain(ex: Executor, chainId: string, now: string): Promise<number> {
  const result = await ex
    .updateTable('refresh_tokens')
    .set({ revoked_on: now })
    .where('chain_id', '=', chainId)
    .where('revoked_on', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
