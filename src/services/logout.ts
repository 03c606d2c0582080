import { selfActor } from '../domain/actor.js';
import * as sessions from '../store/sessions.js';
import { idTokenSubject } from './access-tokens.js';
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

/** Whether the browser has a session, and `idTokenHint` is an ID token issued here to the same person. */
export async function hintNamesSessionUser(roster: Roster, sessionToken: string | undefined, idTokenHint: string | null): Promise<boolean> {
  const session = await findSession(roster, sessionToken);
  if (!session || !idTokenHint) return false;
  return (await idTokenSubject(roster, idTokenHint)) === session.userId;
}

/** Whether the browser has a live session at all (signing out everywhere without one changes nothing). */
export async function hasSession(roster: Roster, sessionToken: string | undefined): Promise<boolean> {
  return (await findSession(roster, sessionToken)) !== undefined;
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
