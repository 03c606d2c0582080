import type { FastifyInstance } from 'fastify';
import type { Roster } from '../../services/context.js';
import { authorizeRoutes } from './authorize.js';
import { corsRoutes } from './cors.js';
import { discoveryRoutes } from './discovery.js';
import { introspectRoutes } from './introspect.js';
import { jwksRoutes } from './jwks.js';
import { logoutRoutes } from './logout.js';
import { revokeRoutes } from './revoke.js';
import { tokenRoutes } from './token.js';
import { userinfoRoutes } from './userinfo.js';

/** The sign-in server's OAuth 2.0 / OpenID Connect endpoints, at the paths Kinde's clients use. */
export async function oauthRoutes(app: FastifyInstance, roster: Roster): Promise<void> {
  corsRoutes(app, roster);
  // In its own context: the form parser it registers must not make /api/v1 accept form bodies. RFC 6749 endpoints
  // take form bodies only, so the JSON parser every other route has is removed here.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    await tokenRoutes(scope, roster);
    introspectRoutes(scope, roster);
    revokeRoutes(scope, roster);
  });
  userinfoRoutes(app, roster);
  jwksRoutes(app, roster);
  authorizeRoutes(app, roster);
  await logoutRoutes(app, roster);
  discoveryRoutes(app, roster);
}
