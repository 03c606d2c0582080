import { randomBytes } from 'node:crypto';
import { hashSecret } from '../auth/secrets.js';
import { selfActor } from '../domain/actor.js';
import { timeOrderedHex } from '../domain/ids.js';
import type { Executor } from '../store/database.js';
import * as sessions from '../store/sessions.js';
import { audit } from './audit.js';
import type { Roster } from './context.js';

export const SESSION_SECONDS = 30 * 24 * 3600;

export interface Session {
  id: string;
  userId: string;
  /** The identity the user signed in with; deleting it ends the session. */
  identityId: string | null;
  /** When the user last proved who they are (OIDC `auth_time`). */
  authTime: Date;
}

const view = (row: { id: string; user_id: string; identity_id: string | null; auth_time: string }): Session => ({
  id: row.id,
  userId: row.user_id,
  identityId: row.identity_id,
  authTime: new Date(row.auth_time),
});

/**
 * Starts a session inside the caller's sign-in transaction. The token goes in the cookie and exists nowhere else:
 * the database keeps only its SHA-256, so a copy of the database cannot be used to impersonate anyone.
 */
export async function startSession(
  trx: Executor,
  input: { userId: string; identityId: string | null },
  now = new Date(),
): Promise<{ session: Session; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const row = {
    id: `session_${timeOrderedHex(now.getTime())}`,
    token_hash: hashSecret(token),
    user_id: input.userId,
    identity_id: input.identityId,
    auth_time: now.toISOString(),
    created_on: now.toISOString(),
    expires_on: new Date(now.getTime() + SESSION_SECONDS * 1000).toISOString(),
    ended_on: null,
  };
  await sessions.insertSession(trx, row);
  return { session: view(row), token };
}

/** The session a cookie token names, if it is still live. Any malformed or unknown token is simply no session. */
export async function findSession(roster: Roster, token: string | undefined): Promise<Session | undefined> {
  if (!token) return undefined;
  const row = await sessions.findLiveSession(roster.database.db, hashSecret(token), new Date().toISOString());
  return row && view(row);
}

/** Signs out: the session ends and every refresh token issued under it is revoked, in one transaction. */
export async function endSession(roster: Roster, token: string | undefined): Promise<boolean> {
  const session = await findSession(roster, token);
  if (!session) return false;
  return roster.database.db.transaction().execute(async (trx) => {
    const ended = await sessions.endSession(trx, session.id, new Date().toISOString());
    if (ended) await audit(trx, selfActor(session.userId), 'session.ended', { userId: session.userId }, { session_id: session.id });
    return ended;
  });
}
