import type { FastifyInstance } from 'fastify';
import { findSession } from '../../services/sessions.js';
import { getUser } from '../../services/users.js';
import { readCookies, SESSION_COOKIE } from '../cookies.js';
import type { PagesContext } from './context.js';
import { sendPage } from './respond.js';
import { signedInPage } from './views.js';

export function signedInRoutes(app: FastifyInstance, context: PagesContext): void {
  app.get('/auth/signed-in', { schema: { hide: true } }, async (request, reply) => {
    const session = await findSession(context.roster, readCookies(request).get(SESSION_COOKIE));
    if (!session) return sendPage(reply, 200, signedInPage(context.customTheme, undefined));
    const { user, identities } = await getUser(context.roster, session.userId, true);
    const signedInWith = identities.find((identity) => identity.id === session.identityId) ?? identities[0];
    const name = [user.first_name, user.last_name].filter(Boolean).join(' ');
    const who = signedInWith ? (name ? `${name} (${signedInWith.name})` : signedInWith.name) : name || user.id;
    return sendPage(reply, 200, signedInPage(context.customTheme, who));
  });
}
