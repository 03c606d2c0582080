import type { FastifyInstance } from 'fastify';
import { SIGN_IN_SCOPES } from '../../domain/authorize-request.js';
import type { Roster } from '../../services/context.js';

/** OpenID Connect Discovery 1.0. Kinde's own SDKs derive every URL from the domain, but other OIDC clients start here. */
export function discoveryDocument(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/auth`,
    token_endpoint: `${issuer}/oauth2/token`,
    userinfo_endpoint: `${issuer}/oauth2/v2/user_profile`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    end_session_endpoint: `${issuer}/logout`,
    revocation_endpoint: `${issuer}/oauth2/revoke`,
    introspection_endpoint: `${issuer}/oauth2/introspect`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: [...SIGN_IN_SCOPES],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'none'],
    code_challenge_methods_supported: ['S256'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'nonce',
      'at_hash',
      'azp',
      'name',
      'given_name',
      'family_name',
      'picture',
      'updated_at',
      'email',
      'email_verified',
      'phone_number',
      'phone_number_verified',
      'preferred_username',
    ],
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
  };
}

export function discoveryRoutes(app: FastifyInstance, roster: Roster): void {
  const document = discoveryDocument(roster.config.issuer);
  app.get('/.well-known/openid-configuration', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('Cache-Control', 'public, max-age=300').send(document),
  );
}
