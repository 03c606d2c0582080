import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { OAuthError } from '../../domain/errors.js';
import { authenticateOAuthClient } from '../../services/client-authentication.js';
import type { Roster } from '../../services/context.js';
import { authorizationCodeGrant, clientCredentialsGrant, refreshTokenGrant } from '../../services/tokens.js';
import { clientCredentialsOf, formOf, many, oauthErrorHandler, one } from './form.js';

const GRANTS = ['authorization_code', 'refresh_token', 'client_credentials'];

/** Registers the form parser for its context: call it inside its own `register` so /api/v1 stays JSON-only. */
export async function tokenRoutes(app: FastifyInstance, roster: Roster): Promise<void> {
  await app.register(formbody);
  app.post('/oauth2/token', {
    schema: { hide: true },
    errorHandler: oauthErrorHandler,
    handler: async (request, reply) => {
      const form = formOf(request);
      const grant = one(form, 'grant_type');
      if (!grant) throw new OAuthError(400, 'invalid_request', 'grant_type is required');
      if (!GRANTS.includes(grant)) throw new OAuthError(400, 'unsupported_grant_type', `Grant type ${grant} is not supported`);
      const credentials = clientCredentialsOf(request, form);
      if (!credentials) throw new OAuthError(401, 'invalid_client', 'client_id is required');
      let token;
      if (grant === 'client_credentials') {
        if (credentials.clientSecret === undefined) throw new OAuthError(401, 'invalid_client', 'client_id and client_secret are required');
        token = await clientCredentialsGrant(roster, {
          clientId: credentials.clientId,
          clientSecret: credentials.clientSecret,
          audiences: many(form, 'audience'),
          scope: one(form, 'scope') ?? '',
        });
      } else {
        const client = await authenticateOAuthClient(roster, credentials);
        token =
          grant === 'authorization_code'
            ? await authorizationCodeGrant(roster, {
                client,
                code: one(form, 'code'),
                redirectUri: one(form, 'redirect_uri'),
                codeVerifier: one(form, 'code_verifier'),
              })
            : await refreshTokenGrant(roster, { client, refreshToken: one(form, 'refresh_token'), scope: one(form, 'scope') ?? '' });
      }
      return reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache').send(token);
    },
  });
}
