import { randomBytes } from 'node:crypto';
import { hashSecret } from '../auth/secrets.js';
import { timeOrderedHex } from '../domain/ids.js';
import type { Executor } from '../store/database.js';
import * as refreshTokens from '../store/refresh-tokens.js';
import type { Roster } from './context.js';

export interface NewRefreshToken {
  chainId: string;
  clientId: string;
  userId: string;
  sessionId: string;
  scope: string;
  /** JSON array, as stored. */
  audience: string;
  authTime: string;
}

/** Issues a refresh token inside the caller's transaction; only its SHA-256 is stored. */
export async function issueRefreshToken(trx: Executor, input: NewRefreshToken, lifetimeSeconds: number, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await refreshTokens.insertRefreshToken(trx, {
    id: `rt_${timeOrderedHex(now.getTime())}`,
    token_hash: hashSecret(token),
    chain_id: input.chainId,
    client_id: input.clientId,
    user_id: input.userId,
    session_id: input.sessionId,
    scope: input.scope,
    audience: input.audience,
    auth_time: input.authTime,
    created_on: now.toISOString(),
    expires_on: new Date(now.getTime() + lifetimeSeconds * 1000).toISOString(),
    used_on: null,
    revoked_on: null,
  });
  return token;
}

/** Revokes the chain of a refresh token issued to this client; anything else (unknown, another client's) is ignored. */
export async function revokeRefreshToken(roster: Roster, token: string, clientId: string): Promise<boolean> {
  return roster.database.db.transaction().execute(async (trx) => {
    const row = await refreshTokens.findRefreshToken(trx, hashSecret(token));
    if (!row || row.client_id !== clientId) return false;
    await refreshTokens.revokeChain(trx, row.chain_id, new Date().toISOString());
    return true;
  });
}

export interface RefreshTokenDescription {
  clientId: string;
  userId: string;
  scope: string;
  audience: string[];
  iat: number;
  exp: number;
}

/** A refresh token that could be used now (unused, unrevoked, unexpired), or undefined. */
export async function describeLiveRefreshToken(roster: Roster, token: string): Promise<RefreshTokenDescription | undefined> {
  const row = await refreshTokens.findRefreshToken(roster.database.db, hashSecret(token));
  if (!row || row.used_on || row.revoked_on || row.expires_on <= new Date().toISOString()) return undefined;
  const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  return {
    clientId: row.client_id,
    userId: row.user_id,
    scope: row.scope,
    audience: JSON.parse(row.audience) as string[],
    iat: seconds(row.created_on),
    exp: seconds(row.expires_on),
  };
}
