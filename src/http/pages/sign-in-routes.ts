import type { FastifyInstance } from 'fastify';
import { parseLoginHint } from '../../domain/login-hint.js';
import { signInWithPassword } from '../../services/sign-in.js';
import type { PagesContext } from './context.js';
import { formText, requestIdOf } from './form-input.js';
import { errorsOf } from './forms.js';
import { acceptForm, finishSignIn, formErrorsOf, isFormError, pageBase, sendPage, suspendedPage } from './respond.js';
import { emptySignIn, signInPage } from './views.js';

const INCORRECT = 'Incorrect email, username or password';

export function signInRoutes(app: FastifyInstance, context: PagesContext): void {
  app.get('/auth/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const base = pageBase(request, reply, context, requestIdOf(query.request));
    const state = emptySignIn();
    const hint = parseLoginHint(typeof query.login_hint === 'string' ? query.login_hint : undefined);
    if (hint?.type === 'email') {
      state.passwordForm.identifier = hint.email;
      state.codeForm.identifier = hint.email;
    } else if (hint?.type === 'username') {
      state.passwordForm.identifier = hint.username;
    } else if (hint?.type === 'phone') {
      state.codeForm.identifier = hint.phone;
      state.codeForm.country = hint.country ?? '';
      state.preferred = 'code';
    }
    return sendPage(reply, 200, signInPage(base, state));
  });

  app.post('/auth/sign-in/password', { schema: { hide: true } }, async (request, reply) => {
    const accepted = acceptForm(request, reply, context);
    if (!accepted) return reply;
    const { base, requestId } = accepted;
    const identifier = formText(request.body, 'identifier');
    const state = emptySignIn();
    state.passwordForm.identifier = identifier;
    const fail = (status: number, errors: Map<string, string>) => {
      state.passwordForm.errors = errors;
      return sendPage(reply, status, signInPage(base, state));
    };
    try {
      const password = formText(request.body, 'password');
      const result = await signInWithPassword(context.roster, { identifier, password, clientIp: request.ip });
      switch (result.kind) {
        case 'signed-in':
          return finishSignIn(reply, context, result.token, requestId);
        case 'incorrect':
          return fail(401, errorsOf([['password', INCORRECT]]));
        case 'locked':
          return fail(
            429,
            errorsOf([
              [
                'password',
                `Too many incorrect passwords. Try again after ${result.until.toISOString().slice(11, 16)} UTC, or sign in with a code.`,
              ],
            ]),
          );
        case 'suspended':
          return sendPage(reply, 403, suspendedPage(context));
      }
    } catch (error) {
      if (isFormError(error)) return fail(error.status, formErrorsOf(error, ['identifier', 'password']));
      throw error;
    }
  });
}
