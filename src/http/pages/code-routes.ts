import type { FastifyInstance } from 'fastify';
import { requestSignInCode, resendChallengeCode, submitCode, type CodeResult } from '../../services/code-sign-in.js';
import { findChallenge } from '../../services/one-time-codes.js';
import { resetPassword } from '../../services/password-reset.js';
import type { PagesContext } from './context.js';
import { formText, requestIdOf } from './form-input.js';
import { errorsOf } from './forms.js';
import { acceptForm, finishSignIn, formErrorsOf, isFormError, pageBase, seeOther, sendPage, suspendedPage } from './respond.js';
import { sendMethodsPage } from './sign-in-routes.js';
import { isChallenge, sendVerifyPage, verifyLocation } from './verify-page.js';

const wrongCode = (attemptsLeft: number) =>
  `That code is not right. You can try ${attemptsLeft} more ${attemptsLeft === 1 ? 'time' : 'times'}.`;

/** What a refused code means to the person, with its status. */
function refusal(result: Exclude<CodeResult, { kind: 'signed-in' | 'suspended' }>): [number, string] {
  switch (result.kind) {
    case 'wrong':
      return [401, wrongCode(result.attemptsLeft)];
    case 'exhausted':
      return [429, 'Too many wrong codes. Send a new code and try again.'];
    case 'expired':
      return [400, 'This code has expired. Send a new code and try again.'];
    case 'used':
      return [400, 'This code has already been used. Send a new code and try again.'];
    case 'unknown':
    case 'incorrect':
    case 'locked':
      return [401, 'That code is not right'];
  }
}

export function codeRoutes(app: FastifyInstance, context: PagesContext): void {
  app.post('/auth/sign-in/code', { schema: { hide: true } }, async (request, reply) => {
    const accepted = await acceptForm(request, reply, context);
    if (!accepted) return reply;
    const typed = { identifier: formText(request.body, 'identifier'), country: formText(request.body, 'country') };
    try {
      const challenge = await requestSignInCode(context.roster, context.messenger, typed);
      return seeOther(reply, verifyLocation(accepted.requestId, challenge));
    } catch (error) {
      if (!isFormError(error)) throw error;
      return sendMethodsPage(reply, accepted.base, typed, error.status, formErrorsOf(error, []));
    }
  });

  app.get('/auth/verify', { schema: { hide: true } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const base = await pageBase(request, reply, context, requestIdOf(query.request));
    const challenge = typeof query.challenge === 'string' ? query.challenge : '';
    return sendVerifyPage(reply, context, base, challenge, 200, undefined, query.resent === '1');
  });

  app.post('/auth/verify', { schema: { hide: true } }, async (request, reply) => {
    const accepted = await acceptForm(request, reply, context);
    if (!accepted) return reply;
    const { base, requestId } = accepted;
    const challenge = formText(request.body, 'challenge');
    const found = isChallenge(challenge) ? await findChallenge(context.roster, challenge) : undefined;
    if (!found) return sendVerifyPage(reply, context, base, challenge, 400);
    const retry = (status: number, errors: Map<string, string>) => sendVerifyPage(reply, context, base, challenge, status, errors);
    const code = formText(request.body, 'code');
    try {
      const result =
        found.purpose === 'password-reset'
          ? await resetPassword(context.roster, challenge, { code, password: formText(request.body, 'password') })
          : await submitCode(context.roster, challenge, code);
      if (result.kind === 'signed-in') return finishSignIn(reply, context, result.token, requestId);
      if (result.kind === 'suspended') return sendPage(reply, 403, suspendedPage(base));
      const [status, message] = refusal(result);
      return retry(status, errorsOf([['code', message]]));
    } catch (error) {
      if (isFormError(error)) return retry(error.status, formErrorsOf(error, ['code', 'password']));
      throw error;
    }
  });

  app.post('/auth/verify/resend', { schema: { hide: true } }, async (request, reply) => {
    const accepted = await acceptForm(request, reply, context);
    if (!accepted) return reply;
    const challenge = formText(request.body, 'challenge');
    try {
      const fresh = isChallenge(challenge) ? await resendChallengeCode(context.roster, context.messenger, challenge) : undefined;
      if (!fresh) return sendVerifyPage(reply, context, accepted.base, '', 400);
      return seeOther(reply, verifyLocation(accepted.requestId, fresh, true));
    } catch (error) {
      if (!isFormError(error)) throw error;
      return sendVerifyPage(reply, context, accepted.base, challenge, error.status, formErrorsOf(error, []));
    }
  });
}
