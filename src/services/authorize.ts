import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { checkAuthorizeRequest, redirectWith, requestedClientId, type AuthorizationRequest } from '../domain/authorize-request.js';
import * as requests from '../store/authorization-requests.js';
import type { Schema } from '../store/schema.js';
import { findUser } from '../store/users.js';
import { findClient, type Application } from './applications.js';
import { issueAuthorizationCode } from './authorization-codes.js';
import { inTransaction, type Roster } from './context.js';
import { findSession, type Session } from './sessions.js';

/** How long a user has to sign in before the application must start again. */
export const AUTHORIZATION_REQUEST_SECONDS = 30 * 60;

/** Either a page the user must see (the error cannot go to the application), or where to send the browser. */
export type AuthorizeAnswer = { kind: 'show'; error: string; description: string } | { kind: 'redirect'; location: string };

const show = (error: string, description: string): AuthorizeAnswer => ({ kind: 'show', error, description });

/** `GET /oauth2/auth`: answers at once when it can (an error, or a live session), else sends the user to sign in. */
export async function authorize(roster: Roster, params: URLSearchParams, sessionToken: string | undefined): Promise<AuthorizeAnswer> {
  const clientId = requestedClientId(params);
  const client = typeof clientId === 'string' ? await findClient(roster, clientId) : undefined;
  const check = checkAuthorizeRequest(params, client);
  if (check.kind === 'show') return show(check.error, check.description);
  if (check.kind === 'redirect')
    return {
      kind: 'redirect',
      location: redirectWith(check.redirectUri, { error: check.error, error_description: check.description, state: check.state }),
    };

  const request = check.request;
  const now = new Date();
  const session = await findSession(roster, sessionToken);
  if (session && request.prompt !== 'login' && request.prompt !== 'create' && youngEnough(session, request, now)) {
    return inTransaction(roster, (trx) => answerWithCode(trx, request, session));
  }
  if (request.prompt === 'none') {
    return {
      kind: 'redirect',
      location: errorRedirect(request, 'login_required', 'The user is not signed in, and prompt=none forbids asking'),
    };
  }

  const id = randomBytes(24).toString('base64url');
  // Abandoned requests are refused once expired, and housekeeping deletes them.
  await requests.insertAuthorizationRequest(roster.database.db, {
    id,
    client_id: request.clientId,
    params: JSON.stringify(request),
    created_on: now.toISOString(),
    expires_on: new Date(now.getTime() + AUTHORIZATION_REQUEST_SECONDS * 1000).toISOString(),
  });
  return { kind: 'redirect', location: signInPage(id, request) };
}

/** The application a pending authorization request came from, for the hosted pages to name; undefined once it expired. */
export async function requestingApplication(roster: Roster, requestId: string | undefined): Promise<Application | undefined> {
  if (!requestId) return undefined;
  const stored = await requests.findLiveAuthorizationRequest(roster.database.db, requestId, new Date().toISOString());
  return stored && findClient(roster, stored.client_id);
}

/**
 * `GET /oauth2/auth/resume`: after the hosted pages signed the user in, turns the stored request into a code. The
 * request is deleted in the same transaction that issues the code, and the delete must hit a row, so a request
 * resumes once however many tabs try.
 */
export async function resumeAuthorization(
  roster: Roster,
  requestId: string | undefined,
  sessionToken: string | undefined,
): Promise<AuthorizeAnswer> {
  const expired = show(
    'invalid_request',
    'This sign-in request has expired or was already used; go back to the application and sign in again',
  );
  if (!requestId) return expired;
  const now = new Date();
  const stored = await requests.findLiveAuthorizationRequest(roster.database.db, requestId, now.toISOString());
  if (!stored) return expired;
  const request = JSON.parse(stored.params) as AuthorizationRequest;

  const session = await findSession(roster, sessionToken);
  // A session from the request's own millisecond was not started in answer to it: times have millisecond resolution.
  const signedInAfter = request.prompt === 'login' || request.prompt === 'create' ? new Date(stored.created_on) : undefined;
  if (!session || (signedInAfter && session.authTime <= signedInAfter) || !youngEnough(session, request, now)) {
    return { kind: 'redirect', location: signInPage(stored.id, request) };
  }
  return inTransaction(roster, async (trx) => {
    if (!(await requests.deleteAuthorizationRequest(trx, stored.id))) return expired;
    return answerWithCode(trx, request, session);
  });
}

async function answerWithCode(trx: Transaction<Schema>, request: AuthorizationRequest, session: Session): Promise<AuthorizeAnswer> {
  const user = await findUser(trx, session.userId);
  if (!user || user.is_suspended)
    return { kind: 'redirect', location: errorRedirect(request, 'access_denied', 'This user may not sign in') };
  const code = await issueAuthorizationCode(trx, {
    clientId: request.clientId,
    userId: session.userId,
    sessionId: session.id,
    redirectUri: request.redirectUri,
    scope: request.scope,
    audience: request.audience,
    nonce: request.nonce,
    codeChallenge: request.codeChallenge,
  });
  return { kind: 'redirect', location: redirectWith(request.redirectUri, { code, state: request.state }) };
}

/** OpenID Connect `max_age`: the user proved who they are recently enough. */
const youngEnough = (session: Session, request: AuthorizationRequest, now: Date) =>
  request.maxAge === null || now.getTime() - session.authTime.getTime() <= request.maxAge * 1000;

const errorRedirect = (request: AuthorizationRequest, error: string, description: string) =>
  redirectWith(request.redirectUri, { error, error_description: description, state: request.state });

function signInPage(id: string, request: AuthorizationRequest): string {
  const query = new URLSearchParams({ request: id });
  if (request.loginHint) query.set('login_hint', request.loginHint);
  return `/auth/${request.startPage}?${query.toString()}`;
}
