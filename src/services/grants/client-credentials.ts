import { randomUUID } from 'node:crypto';
import { signJwt } from '../../auth/jwt.js';
import type { Config } from '../../config.js';
import { OAuthError } from '../../domain/errors.js';
import { authenticateOAuthClient } from '../client-authentication.js';
import { managementAudience, type Roster } from '../context.js';

export interface ClientCredentialsRequest {
  clientId: string;
  clientSecret: string;
  /** Requested audiences; empty means the Management API. */
  audiences: string[];
  /** Space-separated; empty means every scope the application was granted. */
  scope: string;
}

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  scope: string;
  token_type: 'bearer';
}

export async function clientCredentialsGrant(roster: Roster, request: ClientCredentialsRequest): Promise<TokenResponse> {
  const app = await authenticateOAuthClient(roster, { clientId: request.clientId, clientSecret: request.clientSecret });
  if (app.type !== 'm2m') throw new OAuthError(400, 'unauthorized_client', 'This application may not use the client_credentials grant');

  const foreign = request.audiences.filter((a) => !namesOurApi(roster.config, a));
  if (foreign.length)
    throw new OAuthError(400, 'invalid_request', `Unknown audience ${foreign.join(', ')}; use ${managementAudience(roster.config)}`);

  const requested = request.scope.split(' ').filter(Boolean);
  const refused = requested.filter((s) => !app.scopes.includes(s));
  if (refused.length) throw new OAuthError(400, 'invalid_scope', `The application is not granted ${refused.join(', ')}`);
  const scopes = requested.length ? [...new Set(requested)] : app.scopes;

  const now = Math.floor(Date.now() / 1000);
  const expiresIn = roster.config.accessTokenSeconds;
  const accessToken = await signJwt(roster.keys, {
    aud: [...new Set([...request.audiences, managementAudience(roster.config)])],
    azp: app.clientId,
    gty: ['client_credentials'],
    iat: now,
    exp: now + expiresIn,
    iss: roster.config.issuer,
    jti: randomUUID(),
    scope: scopes.join(' '),
    scp: scopes,
    v: '2',
  });
  return { access_token: accessToken, expires_in: expiresIn, scope: scopes.join(' '), token_type: 'bearer' };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether an audience names this server's Management API. Clients build it from the domain they were given, so
 * `http://127.0.0.1:3000/api` names a server whose issuer is `http://localhost:3000`, and management-api-js's
 * forced `https://` prefix (`https://http://…/api`) is undone first.
 */
export function namesOurApi(config: Config, audience: string): boolean {
  if (audience === managementAudience(config)) return true;
  let url: URL;
  try {
    url = new URL(audience.replace(/^https:\/\/(?=https?:\/\/)/, ''));
  } catch {
    return false;
  }
  const issuer = new URL(config.issuer);
  const sameHost = url.hostname === issuer.hostname || (LOOPBACK.has(url.hostname) && LOOPBACK.has(issuer.hostname));
  return url.pathname === '/api' && !url.search && sameHost && portOf(url) === portOf(issuer);
}

const portOf = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');
