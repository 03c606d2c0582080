import { hashSecret } from '../../auth/secrets.js';
import { OAuthError } from '../../domain/errors.js';
import * as refreshTokens from '../../store/refresh-tokens.js';
import { findTokenSubject } from '../../store/token-subjects.js';
import { SIGN_IN_TYPES, type AuthenticatedClient } from '../client-authentication.js';
import { inTransaction, type Roster } from '../context.js';
import { issueRefreshToken } from '../refresh-tokens.js';
import { issueUserTokens, type UserTokenResponse } from '../user-tokens.js';
import { assertCanSignIn } from './subject.js';

export interface RefreshTokenRequest {
  client: AuthenticatedClient;
  refreshToken: string | undefined;
  /** Space-separated; may narrow the token's scope, never widen it. Empty keeps it. */
  scope: string;
}

const invalidGrant = (description: string) => new OAuthError(400, 'invalid_grant', description);

/**
 * RFC 6749 §6 with rotation: each use marks the token used and issues its successor in the same chain, with the
 * same scope (RFC 6749 §6). A used or revoked token presented again revokes the whole chain (RFC 6819 §5.2.2.3).
 * The ID token is built from the user as they are now, so a new primary shows at the next refresh.
 */
export async function refreshTokenGrant(roster: Roster, request: RefreshTokenRequest): Promise<UserTokenResponse> {
  const { client } = request;
  if (!SIGN_IN_TYPES.includes(client.type))
    throw new OAuthError(400, 'unauthorized_client', `A ${client.type} application may not use the refresh_token grant`);
  if (!request.refreshToken) throw new OAuthError(400, 'invalid_request', 'refresh_token is required');

  const tokenHash = hashSecret(request.refreshToken);
  const now = new Date();
  const at = now.toISOString();
  const outcome = await inTransaction(roster, async (trx) => {
    const token = await refreshTokens.claimRefreshToken(trx, tokenHash, client.clientId, at);
    if (!token) return { refused: await refreshTokens.findRefreshToken(trx, tokenHash) };
    const granted = token.scope.split(' ').filter(Boolean);
    const requested = [...new Set(request.scope.split(' ').filter(Boolean))];
    const widened = requested.filter((s) => !granted.includes(s));
    if (widened.length) throw new OAuthError(400, 'invalid_scope', `The refresh token was not granted ${widened.join(', ')}`);
    const subject = await findTokenSubject(trx, token.user_id, token.session_id ?? undefined);
    assertCanSignIn(subject, at);
    const successor = await issueRefreshToken(
      trx,
      {
        chainId: token.chain_id,
        clientId: client.clientId,
        userId: token.user_id,
        sessionId: token.session_id!,
        scope: token.scope,
        audience: token.audience,
        authTime: token.auth_time,
      },
      roster.config.refreshTokenSeconds,
      now,
    );
    return { token, subject, scopes: requested.length ? requested : granted, successor };
  });

  if ('refused' in outcome) {
    const known = outcome.refused;
    if (!known || known.client_id !== client.clientId) throw invalidGrant('This refresh token is not valid');
    if (known.used_on || known.revoked_on) {
      await refreshTokens.revokeChain(roster.database.db, known.chain_id, at);
      throw invalidGrant('This refresh token was already used or revoked; every token of its sign-in is now revoked');
    }
    throw invalidGrant('This refresh token has expired');
  }
  const { token, subject, scopes, successor } = outcome;
  return issueUserTokens(roster, {
    clientId: client.clientId,
    subject,
    scopes,
    audience: JSON.parse(token.audience) as string[],
    authTime: subject.session.auth_time,
    refreshToken: successor,
  });
}
