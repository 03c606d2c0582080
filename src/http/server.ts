import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Timeouts } from '../config.js';
import { serverTimeouts } from './connection.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * An HTTP server bound before the application is built, so everything built from the issuer (tokens, discovery,
 * the console's base path) can name the port actually bound when port 0 asked the system for one. Requests that
 * arrive before `open` wait for it.
 */
export interface BoundServer {
  server: http.Server;
  port: number;
  /** The application's request handler (Fastify's serverFactory hands it over). */
  attach(handler: Handler): void;
  /** Starts answering with the attached handler. */
  open(): void;
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 5_000;

export async function bindServer(host: string, port: number, timeouts: Timeouts): Promise<BoundServer> {
  let handler: Handler | undefined;
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  // Fastify sets no timeouts on a server it is handed, so the server is made with the ones it would set.
  const { http: options, keepAliveTimeout, requestTimeout, connectionTimeout } = serverTimeouts(timeouts);
  const server = http.createServer(
    { ...options, requestTimeout },
    (request, response) => void opened.then(() => handler!(request, response)),
  );
  server.keepAliveTimeout = keepAliveTimeout;
  server.setTimeout(connectionTimeout);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    attach: (h) => (handler = h),
    open: release,
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
