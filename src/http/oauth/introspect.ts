import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TokenRejected } from '../../auth/jwt.js';
import { OAuthError } from '../../domain/errors.js';
import { verifyAccessToken } from '../../services/access-tokens.js';
import { userIsActive } from '../../services/active-user.js';
import { authenticateOAuthClient } from '../../services/client-authentication.js';
import type { Roster } from '../../services/context.js';
import { describeLiveRefreshToken } from '../../services/refresh-tokens.js';
import { bearerTokenOf, scopesOf } from '../bearer.js';
import { clientCredentialsOf, formOf, oauthErrorHandler, tokenParameterOf, type Form } from './form.js';

/** The caller: a client with its secret, or an application with an M2M bearer token. Public clients may not introspect. */
async function callerOf(roster: Roster, request: FastifyRequest, form: Form): Promise<string> {
  const bearer = bearerTokenOf(request);
  if (bearer) {
    try {
      const claims = await roster.verifier.verify(bearer);
      if (Array.isArray(claims.gty) && claims.gty.includes('client_credentials') && typeof claims.azp === 'string') return claims.azp;
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
    }
    throw new OAuthError(401, 'invalid_client', 'The bearer token is not a valid application token');
  }
  const credentials = clientCredentialsOf(request, form);
  if (!credentials?.clientSecret)
    throw new OAuthError(
      401,
      'invalid_client',
      'Authenticate with client_id and client_secret, HTTP Basic, or an application bearer token',
    );
  return (await authenticateOAuthClient(roster, credentials)).clientId;
}

/**
 * RFC 7662. Access tokens are answered for any authenticated caller; a refresh token only for the client it was issued
 * to. Anything else, and every token that could not be used now, is `{active: false}`.
 */
export function introspectRoutes(app: FastifyInstance, roster: Roster): void {
  app.post('/oauth2/introspect', {
    schema: { hide: true },
    errorHandler: oauthErrorHandler,
    handler: async (request, reply) => {
      const form = formOf(request);
      const caller = await callerOf(roster, request, form);
      const token = tokenParameterOf(form);
      reply.header('Cache-Control', 'no-store');

      if (token.includes('.')) {
        const claims = await verifyAccessToken(roster, token);
        if (!claims) return { active: false };
        // A user's token dies with the user's right to sign in; an application's (client_credentials) has no user.
        if (claims.gty === undefined && typeof claims.sub === 'string' && !(await userIsActive(roster, claims.sub)))
          return { active: false };
        return {
          active: true,
          aud: claims.aud,
          client_id: claims.azp,
          exp: claims.exp,
          iat: claims.iat,
          ...(claims.sub === undefined ? {} : { sub: claims.sub }),
          scope: scopesOf(claims).join(' '),
          token_type: 'bearer',
        };
      }
      const refresh = await describeLiveRefreshToken(roster, token);
      if (!refresh || refresh.clientId !== caller || !(await userIsActive(roster, refresh.userId))) return { active: false };
      return {
        active: true,
        aud: refresh.audience,
        client_id: refresh.clientId,
        exp: refresh.exp,
        iat: refresh.iat,
        sub: refresh.userId,
        scope: refresh.scope,
        token_type: 'refresh_token',
      };
    },
  });
}
