import type { FastifyInstance } from 'fastify';
import { identifierKind } from '../../domain/typed-identifiers.js';
import { requestPasswordReset } from '../../services/password-reset.js';
import type { PagesContext } from './context.js';
import { formText, requestIdOf } from './form-input.js';
import { passwordResetPage } from './password-reset-views.js';
import { acceptForm, formErrorsOf, isFormError, pageBase, seeOther, sendPage } from './respond.js';
import { defaultCountry } from './sign-in-routes.js';
import { recallIdentifier } from './typed-identifier-cookie.js';
import { verifyLocation } from './verify-page.js';

/** Forgot password: a code to the email or phone proves the person, then the code page asks for the new password. */
export function passwordResetRoutes(app: FastifyInstance, context: PagesContext): void {
  app.get('/auth/password-reset', { schema: { hide: true } }, async (request, reply) => {
    const base = await pageBase(request, reply, context, requestIdOf((request.query as Record<string, unknown>).request));
    const typed = recallIdentifier(request);
    // A username can't receive a code: the person types where it should go.
    const reachable = typed && identifierKind(typed.identifier) !== 'username';
    const country = typed?.country || defaultCountry(request);
    return sendPage(reply, 200, passwordResetPage(base, { identifier: reachable ? typed.identifier : '', country }));
  });

  app.post('/auth/password-reset', { schema: { hide: true } }, async (request, reply) => {
    const accepted = await acceptForm(request, reply, context);
    if (!accepted) return reply;
    const typed = { identifier: formText(request.body, 'identifier'), country: formText(request.body, 'country') };
    try {
      const challenge = await requestPasswordReset(context.roster, context.messenger, typed);
      return seeOther(reply, verifyLocation(accepted.requestId, challenge));
    } catch (error) {
      if (!isFormError(error)) throw error;
      return sendPage(reply, error.status, passwordResetPage(accepted.base, typed, formErrorsOf(error, ['identifier', 'country'])));
    }
  });
}
