import type { FastifyInstance, FastifyReply } from 'fastify';
import { textOn } from '../../domain/accent-color.js';
import type { Application } from '../../services/applications.js';
import { findClient } from '../../services/applications.js';
import type { Roster } from '../../services/context.js';
import { contentSecurityPolicy } from './csp.js';

/** What a page shows of the application a person is signing in to. */
export interface PageApp {
  clientId: string;
  name: string;
  logoUrl: string | null;
  accentColor: string | null;
}

export const pageApp = (app: Application | undefined): PageApp | undefined =>
  app && { clientId: app.client_id, name: app.name, logoUrl: app.logo_url, accentColor: app.accent_color };

/** The stylesheet with an application's accent: the pages allow no inline style, so it is a file of its own. */
export const appThemePath = (app: PageApp) => `/auth/app/${encodeURIComponent(app.clientId)}/theme.css`;

/**
 * The pages' policy allows images from their own origin only; a page that shows an application's logo also allows the
 * logo's origin, and nothing else.
 */
export function allowLogo(reply: FastifyReply, app: PageApp | undefined): void {
  if (!app?.logoUrl) return;
  reply.header('Content-Security-Policy', contentSecurityPolicy(`'self' data: ${new URL(app.logoUrl).origin}`));
}

const CLIENT_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function appThemeRoute(app: FastifyInstance, roster: Roster): void {
  app.get('/auth/app/:clientId/theme.css', { schema: { hide: true } }, async (request, reply) => {
    const { clientId } = request.params as { clientId: string };
    const found = CLIENT_ID.test(clientId) ? await findClient(roster, clientId) : undefined;
    const accent = found?.accent_color;
    const css = accent ? `:root { --roster-accent: ${accent}; --roster-accent-text: ${textOn(accent)}; }\n` : '';
    return reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=300').send(css);
  });
}
