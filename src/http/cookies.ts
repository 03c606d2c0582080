import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { unsafeTextReason } from '../domain/unsafe-text.js';

export const SESSION_COOKIE = 'roster_session';

/** The request's cookies by name; a malformed pair, or one holding a control character, is skipped, never an error. */
export function readCookies(request: FastifyRequest): Map<string, string> {
  const found = new Map<string, string>();
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at < 1) continue;
    const name = pair.slice(0, at).trim();
    try {
      const value = decodeURIComponent(pair.slice(at + 1).trim());
      if (!found.has(name) && unsafeTextReason(name + value) === undefined) found.set(name, value);
    } catch {
      // Undecodable value: ignore the cookie.
    }
  }
  return found;
}

/**
 * Browsers keep `Secure` cookies over https and on loopback hosts (`localhost`, `127.0.0.1`), so the flag is set
 * wherever it can be honoured; a plain-http deployment on another host would otherwise never keep a session.
 */
const secureFor = (config: Config) => {
  const { protocol, hostname } = new URL(config.issuer);
  return protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
};

export interface CookieOptions {
  maxAgeSeconds?: number;
  path?: string;
}

export function setCookie(reply: FastifyReply, config: Config, name: string, value: string, options: CookieOptions = {}): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path ?? '/'}`, 'HttpOnly', 'SameSite=Lax'];
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  if (secureFor(config)) parts.push('Secure');
  appendSetCookie(reply, parts.join('; '));
}

export function clearCookie(reply: FastifyReply, config: Config, name: string, options: Pick<CookieOptions, 'path'> = {}): void {
  setCookie(reply, config, name, '', { ...options, maxAgeSeconds: 0 });
}

function appendSetCookie(reply: FastifyReply, cookie: string): void {
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  reply.header('set-cookie', [...list, cookie]);
}
