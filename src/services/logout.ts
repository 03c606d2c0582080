import { selfActor } from '../domain/actor.js';
import * as sessions from '../store/sessions.js';
import { registeredLogoutUris } from './applications.js';
import { audit } from './audit.js';
import { inTransaction, type Roster } from './context.js';
import { endSession, findSession } from './sessions.js';

/** Ends the browser's session (or, with `allSessions`, every session of its user) and their refresh tokens. */
export async function signOut(roster: Roster, sessionToken: string | undefined, allSessions: boolean): Promise<void> {
  if (!allSessions) {
    await endSession(roster, sessionToken);
    return;
  }
  const session = await findSession(roster, sessionToken);
  if (!session) return;
  await inTransaction(roster, async (trx) => {
    const ended = await sessions.endUserSessions(trx, session.userId, new Date().toISOString());
    await audit(trx, selfActor(session.userId), 'user.sessions_ended', { userId: session.userId }, { sessions: ended });
  });
}

/**
 * The first candidate that is exactly a logout URI registered by a web or SPA application (by this client, when one is
 * named), or null: a signed-out browser is never sent anywhere else.
 */
export async function registeredLogoutTarget(
  roster: Roster,
  candidates: readonly string[],
  clientId: string | null,
): Promise<string | null> {
  if (!candidates.length) return null;
  const registered = await registeredLogoutUris(roster, clientId);
  return candidates.find((candidate) => registered.has(candidate)) ?? null;
}
