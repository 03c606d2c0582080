import type { FastifyInstance } from 'fastify';
import { requestSignInCode, submitCode } from '../../services/code-sign-in.js';
import type { PagesContext } from './context.js';
import { formText } from './form-input.js';
import { errorsOf, noErrors } from './forms.js';
import { acceptForm, finishSignIn, formErrorsOf, isFormError, sendPage, suspendedPage } from './respond.js';
import { isChallenge, sendVerifyPage } from './verify-page.js';
import { emptySignIn, signInPage } from './views.js';

export function codeRoutes(app: FastifyInstance, context: PagesContext): void {
  app.post('/auth/sign-in/code', { schema: { hide: true } }, async (request, reply) => {
    const accepted = acceptForm(request, reply, context);
    if (!accepted) return reply;
    const { base } = accepted;
    const identifier = formText(request.body, 'identifier');
    const country = formText(request.body, 'country');
    try {
      const challenge = await requestSignInCode(context.roster, context.messenger, { identifier, country });
      return sendVerifyPage(reply, context, base, challenge, 200, noErrors());
    } catch (error) {
      if (!isFormError(error)) throw error;
      const state = emptySignIn();
      state.codeForm = { identifier, country, errors: formErrorsOf(error, ['identifier', 'country']) };
      state.preferred = 'code';
      return sendPage(reply, error.status, signInPage(base, state));
    }
  });

  app.post('/auth/verify', { schema: { hide: true } }, async (request, reply) => {
    const accepted = acceptForm(request, reply, context);
    if (!accepted) return reply;
    const { base, requestId } = accepted;
    const challenge = formText(request.body, 'challenge');
    if (!isChallenge(challenge)) return sendVerifyPage(reply, context, base, challenge, 400, noErrors());
    const retry = (status: number, message: string) =>
      sendVerifyPage(reply, context, base, challenge, status, errorsOf([['code', message]]));
    try {
      const result = await submitCode(context.roster, challenge, formText(request.body, 'code'));
      if ('kind' in result) {
        if (result.kind === 'signed-in') return finishSignIn(reply, context, result.token, requestId);
        if (result.kind === 'suspended') return sendPage(reply, 403, suspendedPage(context));
        return retry(401, 'That code is not right');
      }
      switch (result.reason) {
        case 'wrong':
          return retry(
            401,
            `That code is not right. You can try ${result.attemptsLeft} more ${result.attemptsLeft === 1 ? 'time' : 'times'}.`,
          );
        case 'exhausted':
          return retry(429, 'Too many wrong codes. Start again to get a new code.');
        case 'expired':
          return retry(400, 'This code has expired. Start again to get a new code.');
        case 'used':
          return retry(400, 'This code has already been used. Start again to get a new code.');
        case 'unknown':
          return retry(401, 'That code is not right');
      }
    } catch (error) {
      if (isFormError(error)) return retry(error.status, error.message);
      throw error;
    }
  });
}
