import type { Executor } from './database.js';
import type { SessionRow } from './schema.js';

export async function insertSession(ex: Executor, row: SessionRow): Promise<void> {
  await ex.insertInto('sessions').values(row).execute();
}

/** The live session whose token hashes to this, if any: not ended and not expired at `now`. */
export function findLiveSession(ex: Executor, tokenHash: string, now: string): Promise<SessionRow | undefined> {
  return ex
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('ended_on', 'is', null)
    .where('expires_on', '>', now)
    .executeTakeFirst();
}

/** Ends the session and revokes every refresh token issued under it. Returns whether a live session was ended. */
export async function endSession(ex: Executor, id: string, now: string): Promise<boolean> {
  const ended = await ex
    .updateTable('sessions')
    .set({ ended_on: now })
    .where('id', '=', id)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  await ex.updateTable('refresh_tokens').set({ revoked_on: now }).where('session_id', '=', id).where('revoked_on', 'is', null).execute();
  return ended.numUpdatedRows > 0n;
}

/** Ends every live session of the user and revokes every refresh token issued under them. Returns how many ended. */
export async function endUserSessions(ex: Executor, userId: string, now: string): Promise<number> {
  const ended = await ex
    .updateTable('sessions')
    .set({ ended_on: now })
    .where('user_id', '=', userId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  await ex
    .updateTable('refresh_tokens')
    .set({ revoked_on: now })
    .where('session_id', 'in', (q) => q.selectFrom('sessions').select('id').where('user_id', '=', userId))
    .where('revoked_on', 'is', null)
    .execute();
  return Number(ended.numUpdatedRows);
}
