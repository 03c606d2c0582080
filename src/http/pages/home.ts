import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../management/index.js';
import type { PagesContext } from './context.js';
import { html } from './html.js';
import { page } from './layout.js';
import { sendPage } from './respond.js';

const LINKS = [
  ['/admin', 'Admin console', 'manage users, their identities and sessions'],
  ['/api/docs', 'Management API documentation', `try the API in the browser; the OpenAPI document is ${API_PREFIX}/openapi.json`],
  ['/.well-known/openid-configuration', 'OpenID Connect discovery document', 'what to give an OpenID Connect or Kinde client'],
  ['/healthz', 'Health check', 'answers {"status":"ok"} while the database is reachable'],
] as const;

/** `GET /`: a person who opens the server's address learns what it is and where to go, instead of a JSON 404. */
export function homeRoutes(app: FastifyInstance, context: PagesContext): void {
  app.get('/', { schema: { hide: true } }, (_request, reply) => {
    const body = html`<p>This Roster server signs people in for your applications and keeps their users and identities.</p>
<ul class="home-links">
${LINKS.map(([href, text, what]) => html`<li><a href="${href}">${text}</a><br><span class="hint">${what}</span></li>`)}
</ul>`;
    return sendPage(reply, 200, page({ title: 'Roster', body, customTheme: context.customTheme }));
  });
}
