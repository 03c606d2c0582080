import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JWTPayload } from 'jose';
import { TokenRejected } from '../auth/jwt.js';
import { adminActor, applicationActor, type Actor } from '../domain/actor.js';
import type { Roster } from '../services/context.js';
import { managementCallerOf } from '../services/management-access.js';
import { sendErrors } from './errors.js';

const INVALID_CREDENTIALS = { code: 'INVALID_CREDENTIALS', message: 'Invalid credentials used to access API' };

export interface Caller {
  /** Who the event log names: the application, or the admin acting through the console. */
  actor: Actor;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/** The token of an `Authorization: Bearer …` header (RFC 6750 §2.1), if the request has one. */
export function bearerTokenOf(request: FastifyRequest): string | undefined {
  return /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '')?.[1];
}

/** The scopes an access token grants: Kinde's `scp` list, else an OAuth `scope` string. */
export const scopesOf = (claims: JWTPayload): string[] =>
  Array.isArray(claims.scp) ? (claims.scp as string[]) : String(claims.scope ?? '').split(' ');

/**
 * Checks the bearer token of every Management API request before routing, as Kinde does: an unknown path with a
 * bad token is refused like a known one. Each route then demands its own scope, from an application's token or from
 * an admin's console token.
 */
export function bearerGuard(roster: Roster) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearerTokenOf(request);
    if (!token) {
      return sendErrors(reply, 403, [
        INVALID_CREDENTIALS,
        { code: 'INVALID_AUTHORIZATION_HEADER', message: 'Invalid authorization header' },
      ]);
    }
    let claims;
    try {
      claims = await roster.verifier.verify(token);
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
      return sendErrors(reply, 403, [INVALID_CREDENTIALS, { code: 'TOKEN_INVALID', message: error.message }]);
    }
    const caller = await managementCallerOf(roster, claims);
    if (caller.kind === 'nobody') {
      return sendErrors(reply, 403, [
        INVALID_CREDENTIALS,
        { code: 'TOKEN_INVALID', message: 'token does not grant access to the Management API' },
      ]);
    }
    request.caller = { actor: caller.kind === 'admin' ? adminActor(caller.userId) : applicationActor(caller.clientId) };
    const needed = (request.routeOptions.config as { scope?: string }).scope;
    if (needed && !caller.may(needed)) {
      return sendErrors(reply, 403, [{ code: 'INSUFFICIENT_SCOPE', message: `This request needs the scope ${needed}` }]);
    }
  };
}
