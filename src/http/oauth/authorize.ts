import type { FastifyInstance, FastifyReply } from 'fastify';
import { authorize, resumeAuthorization, type AuthorizeAnswer } from '../../services/authorize.js';
import type { Roster } from '../../services/context.js';
import { readCookies, SESSION_COOKIE } from '../cookies.js';
import { sendPageWithHeaders } from '../pages/headers.js';
import { hasCustomTheme } from '../pages/layout.js';
import { messagePage } from '../pages/views.js';
import { rawQuery } from './raw-query.js';

function answer(reply: FastifyReply, roster: Roster, result: AuthorizeAnswer) {
  if (result.kind === 'redirect') return reply.code(302).header('Cache-Control', 'no-store').header('Location', result.location).send();
  const page = messagePage(hasCustomTheme(roster.config), 'This sign-in link does not work', `${result.description} (${result.error}).`);
  return sendPageWithHeaders(reply, 400, page);
}

/** The authorization endpoint (RFC 6749 §3.1) and the step the hosted pages return to once the user is signed in. */
export function authorizeRoutes(app: FastifyInstance, roster: Roster): void {
  app.get('/oauth2/auth', { schema: { hide: true }, exposeHeadRoute: false }, async (request, reply) => {
    // Parsed here rather than by Fastify, so repeated parameters can be told apart and refused.
    const params = new URLSearchParams(rawQuery(request.url));
    return answer(reply, roster, await authorize(roster, params, readCookies(request).get(SESSION_COOKIE)));
  });

  app.get('/oauth2/auth/resume', { schema: { hide: true }, exposeHeadRoute: false }, async (request, reply) => {
    const ids = new URLSearchParams(rawQuery(request.url)).getAll('request');
    const id = ids.length === 1 ? ids[0] : undefined;
    return answer(reply, roster, await resumeAuthorization(roster, id, readCookies(request).get(SESSION_COOKIE)));
  });
}
