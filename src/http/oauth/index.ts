import type { FastifyInstance } from 'fastify';
import type { Roster } from '../../services/context.js';
import { jwksRoutes } from './jwks.js';
import { tokenRoutes } from './token.js';

/** The sign-in server's OAuth 2.0 / OpenID Connect endpoints, at the paths Kinde's clients use. */
export async function oauthRoutes(app: FastifyInstance, roster: Roster): Promise<void> {
  // In its own context: the form parser it registers must not make /api/v1 accept form bodies.
  await app.register(async (scope) => tokenRoutes(scope, roster));
  jwksRoutes(app, roster);
}
