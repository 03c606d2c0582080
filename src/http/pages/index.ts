import { readFileSync } from 'node:fs';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { RosterError } from '../../domain/errors.js';
import type { Roster } from '../../services/context.js';
import { createMessenger } from '../../services/messages/index.js';
import { prepareSignIn } from '../../services/sign-in.js';
import { adminSetupRoutes } from './admin-setup-routes.js';
import { appThemeRoute } from './branding.js';
import { codeRoutes } from './code-routes.js';
import type { PagesContext } from './context.js';
import { setPageHeaders } from './headers.js';
import { homeRoutes } from './home.js';
import { CUSTOM_THEME_PATH, hasCustomTheme, THEME_PATH } from './layout.js';
import { passwordResetRoutes } from './password-reset-routes.js';
import { signInRoutes } from './sign-in-routes.js';
import { signUpRoutes } from './sign-up-routes.js';
import { signedInRoutes } from './signed-in-routes.js';
import { DEFAULT_THEME_CSS } from './theme.js';
import { messagePage } from './views.js';

/** The hosted sign-in and sign-up pages under /auth: server-rendered HTML that works without JavaScript. */
export async function pageRoutes(app: FastifyInstance, roster: Roster): Promise<void> {
  const customCss = roster.config.themeCss === undefined ? undefined : readThemeCss(roster.config.themeCss);
  await prepareSignIn();
  const context: PagesContext = { roster, messenger: createMessenger(roster, app.log), customTheme: hasCustomTheme(roster.config) };

  app.log.info({ email: context.messenger.transports.email.describe, sms: context.messenger.transports.sms.describe }, 'sign-in messages');
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  app.addHook('onSend', async (_request, reply, payload) => {
    setPageHeaders(reply);
    return payload;
  });
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error instanceof RosterError ? error.status : (error.statusCode ?? 500);
    if (status >= 500 && !(error instanceof RosterError)) request.log.error({ err: error }, 'sign-in page failed');
    const message =
      status < 500 || error instanceof RosterError
        ? error.message
        : 'Something went wrong on our side. It has been logged; try again in a moment.';
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(
        messagePage(context.customTheme, status < 500 ? 'Something is not right' : 'Sorry', message, {
          href: '/auth/sign-in',
          text: 'Back to sign-in',
        }),
      );
  });

  const css = (body: string) => (_request: unknown, reply: FastifyReply) =>
    reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=300').send(body);
  app.get(THEME_PATH, { schema: { hide: true } }, css(DEFAULT_THEME_CSS));
  if (customCss !== undefined) app.get(CUSTOM_THEME_PATH, { schema: { hide: true } }, css(customCss));

  appThemeRoute(app, roster);
  signInRoutes(app, context);
  codeRoutes(app, context);
  passwordResetRoutes(app, context);
  signUpRoutes(app, context);
  signedInRoutes(app, context);
  homeRoutes(app, context);
  adminSetupRoutes(app, context);
}

function readThemeCss(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`ROSTER_THEME_CSS: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
}
