import type { FastifyInstance } from 'fastify';
import { OAuthError } from '../../domain/errors.js';
import { authenticateOAuthClient } from '../../services/client-authentication.js';
import type { Roster } from '../../services/context.js';
import { revokeRefreshToken } from '../../services/refresh-tokens.js';
import { clientCredentialsOf, formOf, oauthErrorHandler, tokenParameterOf } from './form.js';

/**
 * RFC 7009. A refresh token of the calling client is revoked with its whole chain. Access tokens are self-contained
 * JWTs that run out on their own, so revoking one, like revoking an unknown token, changes nothing and answers 200.
 */
export function revokeRoutes(app: FastifyInstance, roster: Roster): void {
  app.post('/oauth2/revoke', {
    schema: { hide: true },
    errorHandler: oauthErrorHandler,
    handler: async (request, reply) => {
      const form = formOf(request);
      const credentials = clientCredentialsOf(request, form);
      if (!credentials) throw new OAuthError(401, 'invalid_client', 'client_id is required');
      const client = await authenticateOAuthClient(roster, credentials);
      const token = tokenParameterOf(form);
      if (!token.includes('.')) await revokeRefreshToken(roster, token, client.clientId);
      return reply.code(200).header('Cache-Control', 'no-store').send();
    },
  });
}
