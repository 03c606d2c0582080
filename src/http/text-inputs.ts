import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError } from '../domain/errors.js';
import { unsafeTextReason } from '../domain/unsafe-text.js';
import type { Roster } from '../services/context.js';
import { sendErrors } from './errors.js';
import { sendOAuthError } from './oauth/form.js';
import { rawQuery } from './oauth/raw-query.js';
import { sendPageWithHeaders } from './pages/headers.js';
import { hasCustomTheme } from './pages/layout.js';
import { messagePage } from './pages/views.js';

interface Unsafe {
  field: string;
  reason: string;
}

// A streamed upload body is read, and checked, by its own route.
const isStreamOrBytes = (value: object) => typeof (value as { pipe?: unknown }).pipe === 'function' || ArrayBuffer.isView(value);

/** The first string (a value or a key) in parsed input that holds a control character or an unpaired surrogate. */
export function findUnsafeText(value: unknown, field: string): Unsafe | undefined {
  if (typeof value === 'string') {
    const reason = unsafeTextReason(value);
    return reason === undefined ? undefined : { field, reason };
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnsafeText(item, `${field}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object' || isStreamOrBytes(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const name = field ? `${field}.${key}` : key;
    const found = findUnsafeText(key, name) ?? findUnsafeText(item, name);
    if (found) return found;
  }
  return undefined;
}

function unsafeInputOf(request: FastifyRequest): Unsafe | undefined {
  return findUnsafeText(request.params, '') ?? unsafeQueryOf(request.url) ?? findUnsafeText(request.body, '');
}

/** The query as URLSearchParams decodes it, the most lenient reading (the authorization endpoints read it so). */
function unsafeQueryOf(url: string): Unsafe | undefined {
  for (const [key, value] of new URLSearchParams(rawQuery(url))) {
    const found = findUnsafeText(key, key) ?? findUnsafeText(value, key);
    if (found) return found;
  }
  return undefined;
}

const PAGE_PATHS = /^\/(auth\/|oauth2\/auth(\/|$)|logout$)/;

/**
 * Refuses, before any handler or database call, a request whose path, query or parsed body holds a control character
 * or an unpaired surrogate: answered the way the route answers any bad input (a page, OAuth error JSON or Kinde's
 * envelope).
 */
export function refuseUnsafeText(app: FastifyInstance, roster: Roster): void {
  app.addHook('preValidation', async (request, reply) => {
    const unsafe = unsafeInputOf(request);
    if (unsafe) return refuse(request, reply, roster, unsafe);
  });
}

function refuse(request: FastifyRequest, reply: FastifyReply, roster: Roster, { field, reason }: Unsafe) {
  const path = request.url.split('?', 1)[0]!;
  const message = `${field || 'The request'} ${reason}`;
  if (PAGE_PATHS.test(path)) {
    const page = messagePage(hasCustomTheme(roster.config), 'Something is not right', `This request ${reason}.`, {
      href: '/auth/sign-in',
      text: 'Back to sign-in',
    });
    return sendPageWithHeaders(reply, 400, page);
  }
  if (path.startsWith('/oauth2/')) return sendOAuthError(reply, new OAuthError(400, 'invalid_request', message));
  return sendErrors(reply, 400, [{ code: 'INVALID_REQUEST', message, ...(field ? { field } : {}) }]);
}
