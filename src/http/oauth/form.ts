import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError } from '../../domain/errors.js';
import { unsafeTextReason } from '../../domain/unsafe-text.js';
import type { ClientCredentials } from '../../services/client-authentication.js';

export type Form = Record<string, string | string[] | undefined>;

const SEND_A_FORM = 'Send the parameters as application/x-www-form-urlencoded';

export function formOf(request: FastifyRequest): Form {
  if (!request.body || typeof request.body !== 'object') throw new OAuthError(400, 'invalid_request', SEND_A_FORM);
  return request.body as Form;
}

/** RFC 6749 §3.2: parameters must not be repeated. */
export const one = (form: Form, name: string): string | undefined => {
  const value = form[name];
  if (Array.isArray(value)) throw new OAuthError(400, 'invalid_request', `${name} may be given only once`);
  return value;
};

/** `audience` may repeat, or carry several space-separated values, or be empty. */
export const many = (form: Form, name: string): string[] =>
  [form[name] ?? []]
    .flat()
    .flatMap((v) => v.split(' '))
    .filter(Boolean);

/** The token a revocation or introspection request is about (RFC 7009 §2.1, RFC 7662 §2.1); its type hint is not needed. */
export function tokenParameterOf(form: Form): string {
  const token = one(form, 'token');
  if (!token) throw new OAuthError(400, 'invalid_request', 'token is required');
  one(form, 'token_type_hint');
  return token;
}

/**
 * Client credentials from `client_secret_basic` (RFC 6749 §2.3.1: form-encoded id and secret, then base64) or
 * `client_secret_post`, or just a `client_id` for a public client. Using both methods at once is refused.
 */
export function clientCredentialsOf(request: FastifyRequest, form: Form): ClientCredentials | undefined {
  const header = request.headers.authorization;
  const bodyId = one(form, 'client_id');
  // An empty client_secret is how some clients say "none" (a public client).
  const bodySecret = one(form, 'client_secret') || undefined;
  if (header && /^basic /i.test(header)) {
    if (bodySecret !== undefined)
      throw new OAuthError(400, 'invalid_request', 'Authenticate the client one way: HTTP Basic or client_secret, not both');
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OAuthError(401, 'invalid_client', 'The Basic credentials must be client_id:client_secret');
    let clientId: string;
    let clientSecret: string;
    try {
      const unescape = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
      clientId = unescape(decoded.slice(0, colon));
      clientSecret = unescape(decoded.slice(colon + 1));
    } catch {
      throw new OAuthError(401, 'invalid_client', 'The Basic credentials are not form-encoded');
    }
    const unsafe = unsafeTextReason(clientId + clientSecret);
    if (unsafe) throw new OAuthError(400, 'invalid_request', `The Basic credentials ${unsafe}`);
    if (bodyId !== undefined && bodyId !== clientId)
      throw new OAuthError(400, 'invalid_request', 'client_id differs from the one in the Authorization header');
    return { clientId, clientSecret };
  }
  if (!bodyId) return undefined;
  return bodySecret === undefined ? { clientId: bodyId } : { clientId: bodyId, clientSecret: bodySecret };
}

export function sendOAuthError(reply: FastifyReply, error: OAuthError) {
  if (error.status === 401) reply.header('WWW-Authenticate', 'Basic realm="roster"');
  return reply.code(error.status).header('Cache-Control', 'no-store').send({ error: error.error, error_description: error.description });
}

/** RFC 6749 §5.2 answers for the form endpoints, whatever went wrong. */
export function oauthErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof OAuthError) return sendOAuthError(reply, error);
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendOAuthError(reply, new OAuthError(400, 'invalid_request', SEND_A_FORM));
  // A body the parser refused is the client's fault; anything else is ours, and its text stays in the log.
  if (error.statusCode && error.statusCode < 500) return sendOAuthError(reply, new OAuthError(400, 'invalid_request', error.message));
  request.log.error({ err: error }, 'OAuth request failed');
  return sendOAuthError(reply, new OAuthError(500, 'server_error', 'Something went wrong on our side; it has been logged'));
}
