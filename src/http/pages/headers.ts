import type { FastifyReply } from 'fastify';
import { sendPage } from './respond.js';

const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

/** What every page answers with: kept out of frames and caches, no script or inline style, no content sniffing. */
export function setPageHeaders(reply: FastifyReply): void {
  reply.header('X-Frame-Options', 'DENY');
  reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
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
