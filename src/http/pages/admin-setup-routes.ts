import type { FastifyInstance, FastifyReply } from 'fastify';
import { finishSetup, setupLinkState, startSetup } from '../../services/admin-setup.js';
import { consoleUrl } from '../../services/console-client.js';
import { SESSION_SECONDS } from '../../services/sessions.js';
import { SESSION_COOKIE, setCookie } from '../cookies.js';
import { setupCodePage, setupEmailPage, type SetupBase } from './admin-setup-views.js';
import type { PagesContext } from './context.js';
import { csrfPasses, csrfTokenFor } from './csrf.js';
import { formText } from './form-input.js';
import { errorsOf, noErrors } from './forms.js';
import { isFormError, sendPage } from './respond.js';
import { messagePage } from './views.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The first-admin page behind the link `roster serve` logs while nobody is an admin: an email, a code sent to it,
 * and that person is the first admin, signed in and sent to the console. Its forms post under /auth, where the
 * CSRF cookie lives.
 */
export function adminSetupRoutes(app: FastifyInstance, context: PagesContext): void {
  const { roster } = context;
  const unusable = async (reply: FastifyReply, token: string) => {
    const state = TOKEN.test(token) ? await setupLinkState(roster, token) : 'invalid';
    if (state === 'open') return undefined;
    const console = { href: consoleUrl(roster), text: 'Go to the admin console' };
    return state === 'done'
      ? sendPage(
          reply,
          409,
          messagePage(
            context.customTheme,
            'Roster has an admin',
            'Roster already has its first admin, so this link does nothing. Sign in to the console, or ask an admin for access.',
            console,
          ),
        )
      : sendPage(
          reply,
          400,
          messagePage(
            context.customTheme,
            'This link does not work',
            'This setup link is not valid: it was already used, has expired, or was copied wrongly. Restart roster serve for a new one, or add an admin with roster admins add EMAIL.',
          ),
        );
  };
  const baseOf = (request: Parameters<typeof csrfTokenFor>[0], reply: FastifyReply, token: string): SetupBase => ({
    customTheme: context.customTheme,
    csrf: csrfTokenFor(request, reply, roster.config),
    token,
  });
  const forged = (reply: FastifyReply) =>
    sendPage(
      reply,
      403,
      messagePage(
        context.customTheme,
        'Please try again',
        'This form has expired or was sent from another site. Open the setup link again.',
      ),
    );

  app.get('/admin/setup', { schema: { hide: true } }, async (request, reply) => {
    const token = formText(request.query, 'token');
    return (await unusable(reply, token)) ?? sendPage(reply, 200, setupEmailPage(baseOf(request, reply, token), '', noErrors()));
  });

  app.post('/auth/admin-setup', { schema: { hide: true } }, async (request, reply) => {
    const token = formText(request.body, 'token');
    if (!csrfPasses(request, formText(request.body, 'csrf'), roster.config)) return forged(reply);
    if (await unusable(reply, token)) return reply;
    const base = baseOf(request, reply, token);
    const email = formText(request.body, 'email');
    try {
      const challenge = await startSetup(roster, context.messenger, token, email);
      return sendPage(reply, 200, setupCodePage(base, { challenge, email: email.trim(), errors: noErrors() }));
    } catch (error) {
      if (!isFormError(error)) throw error;
      return sendPage(reply, error.status, setupEmailPage(base, email, errorsOf([['email', error.message]])));
    }
  });

  app.post('/auth/admin-setup/verify', { schema: { hide: true } }, async (request, reply) => {
    const token = formText(request.body, 'token');
    if (!csrfPasses(request, formText(request.body, 'csrf'), roster.config)) return forged(reply);
    if (await unusable(reply, token)) return reply;
    const base = baseOf(request, reply, token);
    const challenge = formText(request.body, 'challenge');
    const email = formText(request.body, 'email');
    const retry = (status: number, message: string) =>
      sendPage(reply, status, setupCodePage(base, { challenge, email, errors: errorsOf([['code', message]]) }));
    try {
      const result = await finishSetup(roster, token, challenge, formText(request.body, 'code'));
      if (result.kind === 'admin') {
        setCookie(reply, roster.config, SESSION_COOKIE, result.sessionToken, { maxAgeSeconds: SESSION_SECONDS });
        return reply.code(303).header('Location', consoleUrl(roster)).send();
      }
      if (result.kind === 'wrong')
        return retry(
          401,
          `That code is not right. You can try ${result.attemptsLeft} more ${result.attemptsLeft === 1 ? 'time' : 'times'}.`,
        );
      if (result.kind === 'unknown') return retry(401, 'That code is not right');
      return retry(400, 'This code can no longer be used. Open the setup link again to get a new one.');
    } catch (error) {
      if (!isFormError(error)) throw error;
      if (error.code === 'ADMIN_EXISTS' || error.code === 'SETUP_LINK_INVALID')
        return (await unusable(reply, token)) ?? retry(error.status, error.message);
      return retry(error.status, error.message);
    }
  });
}
