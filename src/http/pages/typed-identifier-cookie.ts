import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { readCookies, setCookie } from '../cookies.js';
import type { TypedIdentifier } from './sign-in-views.js';

const COOKIE = 'roster_identifier';

/**
 * What was typed at the first step, kept for the next page in a cookie rather than the URL, so that an email address
 * or phone number never lands in history, logs or a Referer. It proves nothing and every page re-checks it.
 */
export function rememberIdentifier(reply: FastifyReply, config: Config, typed: TypedIdentifier): void {
  setCookie(reply, config, COOKIE, JSON.stringify([typed.identifier, typed.country]), { path: '/auth', maxAgeSeconds: 30 * 60 });
}

export function recallIdentifier(request: FastifyRequest): TypedIdentifier | undefined {
  const text = readCookies(request).get(COOKIE);
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'string')) return undefined;
    return { identifier: value[0] as string, country: value[1] as string };
  } catch {
    return undefined;
  }
}
