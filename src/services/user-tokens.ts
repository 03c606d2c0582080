import { createHash, randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { signJwt } from '../auth/jwt.js';
import { activeAdminScopes } from '../store/admins.js';
import type { TokenSubject } from '../store/token-subjects.js';
import { grantedScopes } from './admins.js';
import { CONSOLE_CLIENT_ID } from './console-client.js';
import { managementAudience, type Roster } from './context.js';

export interface UserTokenRequest {
  clientId: string;
  subject: TokenSubject;
  scopes: string[];
  audience: string[];
  /** The session's `auth_time` (ISO-8601). */
  authTime: string;
  nonce?: string | null;
  refreshToken?: string;
}

export interface UserTokenResponse {
  access_token: string;
  expires_in: number;
  id_token: string;
  refresh_token?: string;
  scope: string;
  token_type: 'bearer';
}

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** OIDC `at_hash`: the left half of the access token's SHA-256, base64url. */
export const accessTokenHash = (accessToken: string) =>
  createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');

/** What an access token grants besides its scopes, and for how long. */
export interface AccessGrant {
  /** Management scopes: only ever for an admin signing in to the console with the Management API as audience. */
  permissions: string[];
  seconds: number;
}

/**
 * The console's tokens are short-lived and, when they are for the Management API, carry the admin's scopes as they
 * are at this moment. No other application's token ever carries any, whoever signs in to it.
 */
async function accessGrant(roster: Roster, request: UserTokenRequest): Promise<AccessGrant> {
  if (request.clientId !== CONSOLE_CLIENT_ID) return { permissions: [], seconds: roster.config.accessTokenSeconds };
  const forApi = request.audience.includes(managementAudience(roster.config));
  const granted = forApi ? await activeAdminScopes(roster.database.db, request.subject.user.id) : undefined;
  return { permissions: granted === undefined ? [] : grantedScopes(granted), seconds: roster.config.consoleAccessTokenSeconds };
}

/** The access token's claims, as Kinde issues them: the permissions (empty but for admins), roles, org and flags are present. */
export function accessTokenClaims(roster: Roster, request: UserTokenRequest, grant: AccessGrant, now: number): JWTPayload {
  return {
    aud: request.audience,
    azp: request.clientId,
    exp: now + grant.seconds,
    feature_flags: {},
    iat: now,
    iss: roster.config.issuer,
    jti: randomUUID(),
    org_code: null,
    permissions: grant.permissions,
    roles: [],
    scp: request.scopes,
    sub: request.subject.user.id,
    v: '2',
  };
}

/** The profile claims of a user: names and picture when set, and each primary identity's claims. */
export function profileClaims(subject: TokenSubject): JWTPayload {
  const { user } = subject;
  const claims: JWTPayload = {};
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
  if (name) claims.name = name;
  if (user.first_name) claims.given_name = user.first_name;
  if (user.last_name) claims.family_name = user.last_name;
  if (user.picture) claims.picture = user.picture;
  claims.updated_at = unix(user.updated_on);
  for (const identity of subject.primaries) {
    const verified = identity.is_confirmed === 1;
    if (identity.type === 'email') Object.assign(claims, { email: identity.name, email_verified: verified });
    // Kinde's SDKs disagree on the name: the Next.js SDK reads phone_number, the TypeScript SDK phone.
    if (identity.type === 'phone')
      Object.assign(claims, { phone_number: identity.name, phone: identity.name, phone_number_verified: verified });
    if (identity.type === 'username') claims.preferred_username = identity.name;
  }
  return claims;
}

export function idTokenClaims(roster: Roster, request: UserTokenRequest, accessToken: string, now: number): JWTPayload {
  return {
    at_hash: accessTokenHash(accessToken),
    aud: [request.clientId],
    auth_time: unix(request.authTime),
    azp: request.clientId,
    exp: now + roster.config.idTokenSeconds,
    iat: now,
    iss: roster.config.issuer,
    jti: randomUUID(),
    ...(request.nonce ? { nonce: request.nonce } : {}),
    org_codes: [],
    sub: request.subject.user.id,
    ...profileClaims(request.subject),
  };
}

/** Signs the access token and the ID token (which carries the access token's hash) and answers as RFC 6749 §5.1. */
export async function issueUserTokens(roster: Roster, request: UserTokenRequest): Promise<UserTokenResponse> {
  const grant = await accessGrant(roster, request);
  const now = Math.floor(Date.now() / 1000);
  const accessToken = await signJwt(roster.keys, accessTokenClaims(roster, request, grant, now));
  const idToken = await signJwt(roster.keys, idTokenClaims(roster, request, accessToken, now));
  return {
    access_token: accessToken,
    expires_in: grant.seconds,
    id_token: idToken,
    ...(request.refreshToken ? { refresh_token: request.refreshToken } : {}),
    scope: request.scopes.join(' '),
    token_type: 'bearer',
  };
}
