import type { Executor } from './database.js';
import type { IdentityRow, UserRow } from './schema.js';

export interface TokenSubject {
  user: UserRow;
  primaries: Pick<IdentityRow, 'type' | 'name' | 'is_confirmed'>[];
  /** The session asked for, when it exists and belongs to the user. */
  session?: { auth_time: string; ended_on: string | null; expires_on: string };
}

/**
 * A user with their primary identities and, when asked, the session they signed in with, in one round trip: the
 * token endpoint reads this on every grant.
 */
export async function findTokenSubject(ex: Executor, userId: string, sessionId?: string): Promise<TokenSubject | undefined> {
  const rows = await ex
    .selectFrom('users')
    .leftJoin('identities', (join) => join.onRef('identities.user_id', '=', 'users.id').on('identities.is_primary', '=', 1))
    .leftJoin('sessions', (join) => join.onRef('sessions.user_id', '=', 'users.id').on('sessions.id', '=', sessionId ?? ''))
    .selectAll('users')
    .select([
      'identities.type as identity_type',
      'identities.name as identity_name',
      'identities.is_confirmed as identity_confirmed',
      'sessions.auth_time as session_auth_time',
      'sessions.ended_on as session_ended_on',
      'sessions.expires_on as session_expires_on',
    ])
    .where('users.id', '=', userId)
    .execute();
  const first = rows[0];
  if (!first) return undefined;
  const {
    identity_type: _type,
    identity_name: _name,
    identity_confirmed: _confirmed,
    session_auth_time,
    session_ended_on,
    session_expires_on,
    ...user
  } = first;
  const primaries = rows.flatMap((r) =>
    r.identity_type === null ? [] : [{ type: r.identity_type, name: r.identity_name!, is_confirmed: r.identity_confirmed! }],
  );
  return {
    user,
    primaries,
    ...(session_auth_time
      ? { session: { auth_time: session_auth_time, ended_on: session_ended_on, expires_on: session_expires_on! } }
      : {}),
  };
}
