import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Timeouts } from '../config.js';

/** The Node HTTP server's own limits: headers, the whole request (the import route's, the longest), idle keep-alive. */
export function serverTimeouts(timeouts: Timeouts) {
  return {
    keepAliveTimeout: timeouts.keepAliveMs,
    // A backstop only: each route's own limit, most of them shorter, is set by limitRequestTime below.
    requestTimeout: Math.max(timeouts.requestMs, timeouts.importMs),
    // No byte moving either way for this long: the connection is dead, whatever it was doing.
    connectionTimeout: Math.max(timeouts.requestMs, timeouts.importMs),
    http: {
      headersTimeout: timeouts.headersMs,
      // Node checks the headers and request timeouts on this beat (30 s by default, longer than the limits themselves).
      connectionsCheckingInterval: Math.min(1000, Math.ceil(timeouts.headersMs / 4)),
    },
  };
}

/**
 * Requests refused before Fastify sees them (headers over 16 KB, broken HTTP, headers or body too slow) still get
 * Kinde's envelope, and the connection is closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) return void socket.destroy();
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'REQUEST_HEADERS_TOO_LARGE', 'The request line or headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request did not arrive in time']
        : [400, 'INVALID_REQUEST', 'The request is not valid HTTP'];
  const body = JSON.stringify({ errors: [{ code, message }] });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Each request's body must have arrived within the request timeout from the end of its headers (the import route's
 * within the import timeout); a slower one is answered 408 and its connection closed.
 */
export function limitRequestTime(app: FastifyInstance, timeouts: Timeouts): void {
  app.addHook('onRequest', (request, reply, done) => {
    const { raw } = request;
    if (raw.complete) return done();
    const longUpload = (request.routeOptions.config as { longUpload?: boolean }).longUpload === true;
    const timer = setTimeout(
      () => {
        if (raw.complete) return;
        if (reply.raw.headersSent) raw.socket.destroy();
        else answerClientError(Object.assign(new Error('request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), raw.socket);
      },
      longUpload ? timeouts.importMs : timeouts.requestMs,
    );
    timer.unref();
    raw.once('close', () => clearTimeout(timer));
    raw.once('end', () => clearTimeout(timer));
    done();
  });
}

/**
 * A request answered before its body was read (refused early, or an upload that failed part-way) leaves the rest of
 * the body on the connection, where the next request would wait behind it for ever: such a connection is closed.
 */
export function closeUnreadBodies(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.raw.complete) reply.header('Connection', 'close');
    return payload;
  });
}
