import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { redirectWith } from '../../domain/authorize-request.js';
import { readLogoutRequest, type LogoutRequest } from '../../domain/logout-request.js';
import { findClient } from '../../services/applications.js';
import type { Roster } from '../../services/context.js';
import { hasSession, hintNamesSessionUser, registeredLogoutTarget, signOut } from '../../services/logout.js';
import { clearCookie, readCookies, SESSION_COOKIE } from '../cookies.js';
import { allowLogo, pageApp } from '../pages/branding.js';
import { csrfPasses, csrfTokenFor } from '../pages/csrf.js';
import { formText } from '../pages/form-input.js';
import { sendPageWithHeaders } from '../pages/headers.js';
import { hasCustomTheme } from '../pages/layout.js';
import { confirmSignOutEverywherePage, messagePage, SIGN_OUT_EVERYWHERE_PATH, signedOutPage } from '../pages/views.js';
import { rawQuery } from './raw-query.js';

const CLIENT_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Signs the browser out (or every session of its person), then returns to the application if it registered the URL. */
async function finishLogout(request: FastifyRequest, reply: FastifyReply, roster: Roster, logout: LogoutRequest, allSessions: boolean) {
  await signOut(roster, readCookies(request).get(SESSION_COOKIE), allSessions);
  clearCookie(reply, roster.config, SESSION_COOKIE);
  const target = await registeredLogoutTarget(roster, logout.candidates, logout.clientId);
  if (!target) {
    const app = pageApp(logout.clientId && CLIENT_ID.test(logout.clientId) ? await findClient(roster, logout.clientId) : undefined);
    allowLogo(reply, app);
    return sendPageWithHeaders(reply, 200, signedOutPage(hasCustomTheme(roster.config), app));
  }
  const location = logout.oidc && logout.state !== null ? redirectWith(target, { state: logout.state }) : target;
  return reply.code(302).header('Cache-Control', 'no-store').header('Location', location).send();
}

/** A navigation the browser says came from this site (or a sibling subdomain), not from a link elsewhere. */
const fromOurSite = (request: FastifyRequest) => ['same-origin', 'same-site'].includes(String(request.headers['sec-fetch-site']));

/**
 * `GET /logout`: Kinde's end-session endpoint. Signing out everywhere (`all_sessions=true`) from a request that may come
 * from another site, without an `id_token_hint` naming the signed-in person, is first confirmed by the person (as
 * OpenID RP-Initiated Logout advises), on a page whose form is protected like every hosted page's.
 */
export async function logoutRoutes(app: FastifyInstance, roster: Roster): Promise<void> {
  // No HEAD twin: a link checker's HEAD must not sign anyone out.
  app.get('/logout', { schema: { hide: true }, exposeHeadRoute: false }, async (request, reply) => {
    const query = rawQuery(request.url);
    const logout = readLogoutRequest(query);
    const sessionToken = readCookies(request).get(SESSION_COOKIE);
    const confirm =
      logout.allSessions &&
      !fromOurSite(request) &&
      (await hasSession(roster, sessionToken)) &&
      !(await hintNamesSessionUser(roster, sessionToken, logout.idTokenHint));
    if (!confirm) return finishLogout(request, reply, roster, logout, logout.allSessions);
    const csrf = csrfTokenFor(request, reply, roster.config);
    return sendPageWithHeaders(reply, 200, confirmSignOutEverywherePage(hasCustomTheme(roster.config), csrf, query));
  });

  // In its own context: the form parser must not make the routes around it accept form bodies.
  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 64 * 1024 });
    scope.post(SIGN_OUT_EVERYWHERE_PATH, { schema: { hide: true } }, async (request, reply) => {
      if (!csrfPasses(request, formText(request.body, 'csrf'), roster.config)) {
        const page = messagePage(
          hasCustomTheme(roster.config),
          'Please try again',
          'This form has expired or was sent from another site. You are still signed in.',
        );
        return sendPageWithHeaders(reply, 403, page);
      }
      const logout = readLogoutRequest(formText(request.body, 'logout'));
      return finishLogout(request, reply, roster, logout, formText(request.body, 'everywhere') === 'yes');
    });
  });
}
