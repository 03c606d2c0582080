import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseLoginHint } from '../../domain/login-hint.js';
import { identifierKind } from '../../domain/typed-identifiers.js';
import { parseSignInIdentifier } from '../../services/code-sign-in.js';
import { signInWithPassword } from '../../services/sign-in.js';
import type { PagesContext } from './context.js';
import { countryFromLanguages } from './countries.js';
import { formText, requestIdOf } from './form-input.js';
import { errorsOf, noErrors, type FormErrors } from './forms.js';
import { acceptForm, finishSignIn, formErrorsOf, isFormError, pageBase, seeOther, sendPage, suspendedPage } from './respond.js';
import { identifierPage, methodsPage, type TypedIdentifier } from './sign-in-views.js';
import { recallIdentifier, rememberIdentifier } from './typed-identifier-cookie.js';
import { withRequest, type PageBase } from './views.js';

const INCORRECT = 'Incorrect email, username or password';

/** The country a phone number is read in when it has no +: the one chosen, else the browser's languages'. */
export const defaultCountry = (request: FastifyRequest) => countryFromLanguages(request.headers['accept-language']) ?? '';

/** The page after the identifier, for what was typed; the first step again when it does not read as an identifier. */
export function sendMethodsPage(reply: FastifyReply, base: PageBase, typed: TypedIdentifier, status: number, errors: FormErrors) {
  try {
    const parsed = parseSignInIdentifier(typed.identifier, typed.country);
    return sendPage(reply, status, methodsPage(base, { ...typed, kind: identifierKind(typed.identifier), shown: parsed.name }, errors));
  } catch (error) {
    if (!isFormError(error)) throw error;
    return sendPage(reply, error.status, identifierPage(base, typed, formErrorsOf(error, ['identifier', 'country'])));
  }
}

export function signInRoutes(app: FastifyInstance, context: PagesContext): void {
  app.get('/auth/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const base = await pageBase(request, reply, context, requestIdOf(query.request));
    const hint = parseLoginHint(typeof query.login_hint === 'string' ? query.login_hint : undefined);
    const typed = { identifier: '', country: defaultCountry(request) };
    if (hint?.type === 'email') typed.identifier = hint.email;
    else if (hint?.type === 'username') typed.identifier = hint.username;
    else if (hint?.type === 'phone') Object.assign(typed, { identifier: hint.phone, country: hint.country ?? typed.country });
    return sendPage(reply, 200, identifierPage(base, typed));
  });

  app.post('/auth/sign-in', { schema: { hide: true } }, async (request, reply) => {
    const accepted = await acceptForm(request, reply, context);
    if (!accepted) return reply;
    const typed = { identifier: formText(request.body, 'identifier'), country: formText(request.body, 'country') };
    try {
      parseSignInIdentifier(typed.identifier, typed.country);
    } catch (error) {
      if (!isFormError(error)) throw error;
      return sendPage(reply, error.status, identifierPage(accepted.base, typed, formErrorsOf(error, ['identifier', 'country'])));
    }
    rememberIdentifier(reply, context.roster.config, typed);
    return seeOther(reply, withRequest('/auth/sign-in/continue', accepted.requestId));
  });

  app.get('/auth/sign-in/continue', { schema: { hide: true } }, async (request, reply) => {
    const requestId = requestIdOf((request.query as Record<string, unknown>).request);
    const typed = recallIdentifier(request);
    if (!typed) return seeOther(reply, withRequest('/auth/sign-in', requestId));
    return sendMethodsPage(reply, await pageBase(request, reply, context, requestId), typed, 200, noErrors());
  });

  app.post('/auth/sign-in/password', { schema: { hide: true } }, async (request, reply) => {
    const accepted = await acceptForm(request, reply, context);
    if (!accepted) return reply;
    const { base, requestId } = accepted;
    const identifier = formText(request.body, 'identifier');
    const typed = { identifier, country: recallIdentifier(request)?.country ?? '' };
    const fail = (status: number, errors: FormErrors) => sendMethodsPage(reply, base, typed, status, errors);
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
          return sendPage(reply, 403, suspendedPage(base));
      }
    } catch (error) {
      if (isFormError(error)) return fail(error.status, formErrorsOf(error, ['identifier', 'password']));
      throw error;
    }
  });
}
