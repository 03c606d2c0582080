import type { Actor } from '../domain/actor.js';
import * as sessions from '../store/sessions.js';
import { findUser, lockUser } from '../store/users.js';
import { audit } from './audit.js';
import { inTransaction, type Roster } from './context.js';
import { userNotFound } from './identities.js';

export interface UserSession {
  session_id: string;
  user_id: string;
  client_id: string | null;
  client_name: string | null;
  org_code: null;
  started_on: string;
  updated_on: string;
  expires_on: string;
  connection_id: null;
  last_ip_address: null;
  last_user_agent: null;
  initial_ip_address: null;
  initial_user_agent: null;
}

/**
 * A user's live sessions, newest first, each with the application it last signed in to and when (a session's use is
 * its latest code or refresh). Roster keeps no addresses or user agents, so those are null.
 */
export async function listUserSessions(roster: Roster, userId: string): Promise<UserSession[]> {
  const db = roster.database.db;
  if (!(await findUser(db, userId))) throw userNotFound();
  const rows = await sessions.liveSessionsOfUser(db, userId, new Date().toISOString());
  const latest = new Map<string, sessions.SessionClientUse>();
  for (const use of await sessions.clientUsesOfSessions(
    db,
    rows.map((row) => row.id),
  ))
    latest.set(use.session_id, use);
  return rows.map((row) => {
    const use = latest.get(row.id);
    return {
      session_id: row.id,
      user_id: row.user_id,
      client_id: use?.client_id ?? null,
      client_name: use?.client_name ?? null,
      org_code: null,
      started_on: row.created_on,
      updated_on: use && use.created_on > row.created_on ? use.created_on : row.created_on,
      expires_on: row.expires_on,
      connection_id: null,
      last_ip_address: null,
      last_user_agent: null,
      initial_ip_address: null,
      initial_user_agent: null,
    };
  });
}

/** Signs the user out everywhere: every session ends and every refresh token issued under them is revoked. */
export function endUserSessions(roster: Roster, userId: string, actor: Actor): Promise<number> {
  return inTransaction(roster, async (trx) => {
    if (!(await lockUser(trx, userId))) throw userNotFound();
    const ended = await sessions.endUserSessions(trx, userId, new Date().toISOString());
    await audit(trx, actor, 'user.sessions_ended', { userId }, { sessions: ended });
    return ended;
  });
}
