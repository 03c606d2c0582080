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

/** The user's live sessions at `now`, newest first. */
export function liveSessionsOfUser(ex: Executor, userId: string, now: string): Promise<SessionRow[]> {
  return ex
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('ended_on', 'is', null)
    .where('expires_on', '>', now)
    .orderBy('created_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export interface SessionClientUse {
  session_id: string;
  client_id: string;
  client_name: string;
  created_on: string;
}

/**
 * Which applications each session signed in to, oldest use first: its authorization codes and refresh tokens, with the
 * application's name. Sessions are Roster's, not an application's, so this is how a session is tied to a client.
 */
export async function clientUsesOfSessions(ex: Executor, sessionIds: string[]): Promise<SessionClientUse[]> {
  if (sessionIds.length === 0) return [];
  const fromTable = (table: 'authorization_codes' | 'refresh_tokens') =>
    ex
      .selectFrom(table)
      .innerJoin('applications', 'applications.id', `${table}.client_id`)
      .select([
        `${table}.session_id as session_id`,
        `${table}.client_id as client_id`,
        'applications.name as client_name',
        `${table}.created_on as created_on`,
      ])
      .where(`${table}.session_id`, 'in', sessionIds)
      .execute();
  const [codes, tokens] = await Promise.all([fromTable('authorization_codes'), fromTable('refresh_tokens')]);
  return [...codes, ...tokens]
    .filter((use): use is SessionClientUse => use.session_id !== null)
    .sort((a, b) => a.created_on.localeCompare(b.created_on));
}
