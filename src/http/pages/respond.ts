import type { FastifyReply, FastifyRequest } from 'fastify';
import { RosterError } from '../../domain/errors.js';
import { FormProblems } from '../../domain/typed-identifiers.js';
import { requestingApplication } from '../../services/authorize.js';
import { SESSION_SECONDS } from '../../services/sessions.js';
import { SESSION_COOKIE, setCookie } from '../cookies.js';
import { allowLogo, pageApp } from './branding.js';
import type { PagesContext } from './context.js';
import { csrfPasses, csrfTokenFor } from './csrf.js';
import { afterSignIn, formText, requestIdOf } from './form-input.js';
import { errorsOf, type FormErrors } from './forms.js';
import { messagePage, withRequest, type PageBase } from './views.js';

export const sendPage = (reply: FastifyReply, status: number, body: string) =>
  reply.code(status).type('text/html; charset=utf-8').send(body);

/**
 * What every page needs: the CSRF token (set as a cookie on first sight), the request id it carries along and the
 * application that request came from.
 */
export async function pageBase(
  request: FastifyRequest,
  reply: FastifyReply,
  context: PagesContext,
  requestId: string | undefined,
): Promise<PageBase> {
  const app = pageApp(await requestingApplication(context.roster, requestId));
  allowLogo(reply, app);
  return { customTheme: context.customTheme, csrf: csrfTokenFor(request, reply, context.roster.config), request: requestId, app };
}

/** After a form did its work: the page to show next, fetched with GET, so a reload repeats nothing. */
export const seeOther = (reply: FastifyReply, location: string) => reply.code(303).header('Location', location).send();

/**
 * Reads a posted form's request id and refuses a forged post: a 403 page whose link reloads the form, which gets
 * a fresh token. Returns the request id and the page base for re-rendering.
 */
export async function acceptForm(
  request: FastifyRequest,
  reply: FastifyReply,
  context: PagesContext,
): Promise<{ requestId: string | undefined; base: PageBase } | undefined> {
  const requestId = requestIdOf((request.body as Record<string, unknown> | undefined)?.request);
  if (!csrfPasses(request, formText(request.body, 'csrf'), context.roster.config)) {
    const page = messagePage(
      context.customTheme,
      'Please try again',
      'This form has expired or was sent from another site. Reload the page and try again.',
      {
        href: withRequest('/auth/sign-in', requestId),
        text: 'Back to sign-in',
      },
    );
    void sendPage(reply, 403, page);
    return undefined;
  }
  return { requestId, base: await pageBase(request, reply, context, requestId) };
}

/** A domain error as form errors: on its field when it names one the form has, else about the form as a whole. */
export function formErrorsOf(error: RosterError, fields: string[]): FormErrors {
  const problems = error instanceof FormProblems ? error.problems : [error];
  return errorsOf(problems.map((problem) => [problem.field && fields.includes(problem.field) ? problem.field : '', problem.message]));
}

/** The end of every successful sign-in: the session cookie, then on to the authorization request or the signed-in page. */
export function finishSignIn(reply: FastifyReply, context: PagesContext, token: string, requestId: string | undefined) {
  setCookie(reply, context.roster.config, SESSION_COOKIE, token, { maxAgeSeconds: SESSION_SECONDS });
  return reply.code(303).header('Location', afterSignIn(requestId)).send();
}

export const suspendedPage = (base: PageBase) =>
  messagePage(
    base.customTheme,
    'Account suspended',
    'This account is suspended, so it cannot sign in. Contact the people who run this service.',
    undefined,
    base.app,
  );

/** Errors the person can act on, shown on the form: bad input, throttling, and a message that could not be sent. */
export const isFormError = (error: unknown): error is RosterError =>
  error instanceof RosterError && (error.status < 500 || error.code === 'MESSAGE_NOT_SENT');
