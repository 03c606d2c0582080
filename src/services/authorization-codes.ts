import { randomBytes, randomUUID } from 'node:crypto';
import { hashSecret } from '../auth/secrets.js';
import * as codes from '../store/authorization-codes.js';
import type { Executor } from '../store/database.js';

export const AUTHORIZATION_CODE_SECONDS = 60;

export interface NewAuthorizationCode {
  clientId: string;
  userId: string;
  sessionId: string;
  redirectUri: string;
  /** The granted scopes, space-joined. */
  scope: string;
  audience: string[];
  nonce: string | null;
  /** The S256 code challenge, when the request used PKCE. */
  codeChallenge: string | null;
}

/**
 * Issues a one-time authorization code inside the caller's transaction. Only its SHA-256 is stored; the code starts a
 * new chain, which every refresh token it leads to joins, so a replayed code can revoke them all.
 */
export async function issueAuthorizationCode(trx: Executor, input: NewAuthorizationCode, now = new Date()): Promise<string> {
  const code = randomBytes(32).toString('base64url');
  await codes.insertAuthorizationCode(trx, {
    code_hash: hashSecret(code),
    client_id: input.clientId,
    user_id: input.userId,
    session_id: input.sessionId,
    redirect_uri: input.redirectUri,
    scope: input.scope,
    audience: JSON.stringify(input.audience),
    nonce: input.nonce,
    code_challenge: input.codeChallenge,
    chain_id: randomUUID(),
    created_on: now.toISOString(),
    expires_on: new Date(now.getTime() + AUTHORIZATION_CODE_SECONDS * 1000).toISOString(),
    used_on: null,
  });
  return code;
}
