import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { readCookies, setCookie } from '../cookies.js';

export const CSRF_COOKIE = 'roster_csrf';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Double-submit token: a random value in an HttpOnly, SameSite=Lax cookie scoped to /auth, echoed by each form.
 * A page reuses the browser's token so that several open tabs all stay valid.
 */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply, config: Config): string {
  const existing = readCookies(request).get(CSRF_COOKIE);
  if (existing && TOKEN.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  setCookie(reply, config, CSRF_COOKIE, token, { path: '/auth' });
  return token;
}

/** Whether a form post came from our own page: the token matches its cookie and no other site sent it. */
export function csrfPasses(request: FastifyRequest, submitted: string, config: Config): boolean {
  if (!sameOrigin(request, config)) return false;
  const cookie = readCookies(request).get(CSRF_COOKIE);
  if (!cookie || !TOKEN.test(cookie) || !TOKEN.test(submitted)) return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(submitted));
}

function sameOrigin(request: FastifyRequest, config: Config): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  const host = request.headers.host;
  const own = new Set([new URL(config.issuer).origin, ...(host ? [`http://${host}`, `https://${host}`] : [])]);
  return own.has(origin);
}
