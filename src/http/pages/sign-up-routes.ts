import type { FastifyInstance } from 'fastify';
import { parseLoginHint } from '../../domain/login-hint.js';
import { startSignUp } from '../../services/sign-up.js';
import type { PagesContext } from './context.js';
import { formText, requestIdOf } from './form-input.js';
import { noErrors } from './forms.js';
import { acceptForm, formErrorsOf, isFormError, pageBase, seeOther, sendPage } from './respond.js';
import { verifyLocation } from './verify-page.js';
import { signUpPage } from './views.js';

export function signUpRoutes(app: FastifyInstance, context: PagesContext): void {
  app.get('/auth/sign-up', { schema: { hide: true } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const base = await pageBase(request, reply, context, requestIdOf(query.request));
    const hint = parseLoginHint(typeof query.login_hint === 'string' ? query.login_hint : undefined);
    const email = hint?.type === 'email' ? hint.email : '';
    return sendPage(reply, 200, signUpPage(base, { values: { email, given_name: '', family_name: '' }, errors: noErrors() }));
  });

  app.post('/auth/sign-up', { schema: { hide: true } }, async (request, reply) => {
    const accepted = await acceptForm(request, reply, context);
    if (!accepted) return reply;
    const { base, requestId } = accepted;
    const values = {
      email: formText(request.body, 'email'),
      given_name: formText(request.body, 'given_name'),
      family_name: formText(request.body, 'family_name'),
    };
    try {
      const challenge = await startSignUp(context.roster, context.messenger, { ...values, password: formText(request.body, 'password') });
      return seeOther(reply, verifyLocation(requestId, challenge));
    } catch (error) {
      if (!isFormError(error)) throw error;
      return sendPage(
        reply,
        error.status,
        signUpPage(base, { values, errors: formErrorsOf(error, ['email', 'given_name', 'family_name', 'password']) }),
      );
    }
  });
}
