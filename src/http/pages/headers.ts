import type { FastifyReply } from 'fastify';
import { contentSecurityPolicy } from './csp.js';
import { sendPage } from './respond.js';

/** What every page answers with: kept out of frames and caches, no script or inline style, no content sniffing. */
export function setPageHeaders(reply: FastifyReply): void {
  reply.header('X-Frame-Options', 'DENY');
  if (!reply.hasHeader('Content-Security-Policy')) reply.header('Content-Security-Policy', contentSecurityPolicy());
  reply.header('X-Content-Type-Options', 'nosniff');
  // Not no-referrer: under it browsers send `Origin: null` with our own form posts, which the CSRF check refuses.
  reply.header('Referrer-Policy', 'same-origin');
  if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
}

/** A page sent from outside the /auth routes (which set the headers in a hook of their own). */
export function sendPageWithHeaders(reply: FastifyReply, status: number, body: string) {
  setPageHeaders(reply);
  return sendPage(reply, status, body);
}
