import { hashSecret } from '../../auth/secrets.js';
import { OAuthError } from '../../domain/errors.js';
import * as codes from '../../store/authorization-codes.js';
import * as refreshTokens from '../../store/refresh-tokens.js';
import { findTokenSubject } from '../../store/token-subjects.js';
import { SIGN_IN_TYPES, type AuthenticatedClient } from '../client-authentication.js';
import { inTransaction, type Roster } from '../context.js';
import { issueRefreshToken } from '../refresh-tokens.js';
import { issueUserTokens, type UserTokenResponse } from '../user-tokens.js';
import { CODE_VERIFIER, verifierMatches } from './pkce.js';
import { assertCanSignIn } from './subject.js';

export interface AuthorizationCodeRequest {
  client: AuthenticatedClient;
  code: string | undefined;
  redirectUri: string | undefined;
  codeVerifier: string | undefined;
}

const invalidGrant = (description: string) => new OAuthError(400, 'invalid_grant', description);

/**
 * RFC 6749 §4.1.3 with RFC 7636. The code is claimed with a conditional UPDATE; any refusal after that rolls the claim
 * back. A code presented again by its own client after it was used revokes every refresh token it led to (RFC 6749 §4.1.2).
 */
export async function authorizationCodeGrant(roster: Roster, request: AuthorizationCodeRequest): Promise<UserTokenResponse> {
  const { client } = request;
  if (!SIGN_IN_TYPES.includes(client.type))
    throw new OAuthError(400, 'unauthorized_client', `A ${client.type} application may not use the authorization_code grant`);
  if (!request.code) throw new OAuthError(400, 'invalid_request', 'code is required');
  if (!request.redirectUri) throw new OAuthError(400, 'invalid_request', 'redirect_uri is required');
  if (request.codeVerifier !== undefined && !CODE_VERIFIER.test(request.codeVerifier)) {
    throw new OAuthError(400, 'invalid_request', 'code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, "-", ".", "_" and "~"');
  }
  if (client.type === 'spa' && request.codeVerifier === undefined)
    throw new OAuthError(400, 'invalid_request', 'code_verifier is required: this application signs in with PKCE');

  const codeHash = hashSecret(request.code);
  const now = new Date();
  const at = now.toISOString();
  const outcome = await inTransaction(roster, async (trx) => {
    const code = await codes.claimAuthorizationCode(trx, codeHash, at);
    if (!code) return { replayed: await codes.findAuthorizationCode(trx, codeHash) };
    if (code.client_id !== client.clientId) throw invalidGrant('This code was issued to another client');
    if (code.expires_on <= at) throw invalidGrant('This code has expired');
    if (code.redirect_uri !== request.redirectUri) throw invalidGrant('redirect_uri differs from the one the code was issued for');
    if (code.code_challenge !== null) {
      if (request.codeVerifier === undefined)
        throw new OAuthError(400, 'invalid_request', 'code_verifier is required: the code was issued with a code_challenge');
      if (!verifierMatches(request.codeVerifier, code.code_challenge))
        throw invalidGrant('code_verifier does not match the code_challenge');
    } else if (request.codeVerifier !== undefined || client.type === 'spa') {
      throw invalidGrant('This code was issued without a code_challenge');
    }
    const subject = await findTokenSubject(trx, code.user_id, code.session_id);
    assertCanSignIn(subject, at);
    const scopes = code.scope.split(' ').filter(Boolean);
    const refreshToken = scopes.includes('offline')
      ? await issueRefreshToken(
          trx,
          {
            chainId: code.chain_id,
            clientId: client.clientId,
            userId: code.user_id,
            sessionId: code.session_id,
            scope: code.scope,
            audience: code.audience,
            authTime: subject.session.auth_time,
          },
          roster.config.refreshTokenSeconds,
          now,
        )
      : undefined;
    return { code, subject, scopes, refreshToken };
  });

  if ('replayed' in outcome) {
    if (!outcome.replayed) throw invalidGrant('This code is not valid');
    // Only the client the code was issued to can prove the code leaked by replaying it; anyone else holding it is
    // refused without touching the chain, or a stranger could sign a person out of another application.
    if (outcome.replayed.client_id !== client.clientId) throw invalidGrant('This code was issued to another client');
    await refreshTokens.revokeChain(roster.database.db, outcome.replayed.chain_id, at);
    throw invalidGrant('This code was already used; the tokens issued for it are revoked');
  }
  const { code, subject, scopes, refreshToken } = outcome;
  return issueUserTokens(roster, {
    clientId: client.clientId,
    subject,
    scopes,
    audience: JSON.parse(code.audience) as string[],
    authTime: subject.session.auth_time,
    nonce: code.nonce,
    refreshToken,
  });
}
