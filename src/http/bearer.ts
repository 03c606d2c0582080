import type { FastifyReply, FastifyRequest } from 'fastify';
import { TokenRejected } from '../auth/jwt.js';
import type { Roster } from '../services/context.js';
import { sendErrors } from './errors.js';

const INVALID_CREDENTIALS = { code: 'INVALID_CREDENTIALS', message: 'Invalid credentials used to access API' };

export interface Caller {
  clientId: string;
  scopes: string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/**
 * Checks the bearer token of every Management API request before routing, as Kinde does: an unknown path with a
 * bad token is refused like a known one. Each route then demands its own scope.
 */
export function bearerGuard(roster: Roster) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer +(\S+) *$/i.exec(header) : null;
    if (!match) {
      return sendErrors(reply, 403, [INVALID_CREDENTIALS, { code: 'INVALID_AUTHORIZATION_HEADER', message: 'Invalid authorization header' }]);
    }
    let claims;
    try {
      claims = await roster.verifier.verify(match[1]!);
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
      return sendErrors(reply, 403, [INVALID_CREDENTIALS, { code: 'TOKEN_INVALID', message: error.message }]);
    }
    const scopes = Array.isArray(claims.scp) ? (claims.scp as string[]) : String(claims.scope ?? '').split(' ');
    request.caller = { clientId: String(claims.azp ?? claims.sub ?? 'unknown'), scopes };
    const needed = (request.routeOptions.config as { scope?: string }).scope;
    if (needed && !scopes.includes(needed)) {
      return sendErrors(reply, 403, [{ code: 'INSUFFICIENT_SCOPE', message: `This request needs the scope ${needed}` }]);
    }
  };
}
