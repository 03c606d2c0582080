import type { FastifyInstance } from 'fastify';
import { redirectWith } from '../../domain/authorize-request.js';
import { readLogoutRequest } from '../../domain/logout-request.js';
import { findClient } from '../../services/applications.js';
import type { Roster } from '../../services/context.js';
import { registeredLogoutTarget, signOut } from '../../services/logout.js';
import { clearCookie, readCookies, SESSION_COOKIE } from '../cookies.js';
import { allowLogo, pageApp } from '../pages/branding.js';
import { sendPageWithHeaders } from '../pages/headers.js';
import { hasCustomTheme } from '../pages/layout.js';
import { signedOutPage } from '../pages/views.js';
import { rawQuery } from './raw-query.js';

const CLIENT_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** `GET /logout`: Kinde's end-session endpoint. Signs out, then returns to the application only if it registered the URL. */
export function logoutRoutes(app: FastifyInstance, roster: Roster): void {
  // No HEAD twin: a link checker's HEAD must not sign anyone out.
  app.get('/logout', { schema: { hide: true }, exposeHeadRoute: false }, async (request, reply) => {
    const logout = readLogoutRequest(rawQuery(request.url));
    await signOut(roster, readCookies(request).get(SESSION_COOKIE), logout.allSessions);
    clearCookie(reply, roster.config, SESSION_COOKIE);
    const target = await registeredLogoutTarget(roster, logout.candidates, logout.clientId);
    if (!target) {
      const app = pageApp(logout.clientId && CLIENT_ID.test(logout.clientId) ? await findClient(roster, logout.clientId) : undefined);
      allowLogo(reply, app);
      return sendPageWithHeaders(reply, 200, signedOutPage(hasCustomTheme(roster.config), app));
    }
    const location = logout.oidc && logout.state !== null ? redirectWith(target, { state: logout.state }) : target;
    return reply.code(302).header('Cache-Control', 'no-store').header('Location', location).send();
  });
}
