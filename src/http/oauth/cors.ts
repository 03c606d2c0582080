import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listBrowserOrigins } from '../../services/applications.js';
import type { Roster } from '../../services/context.js';

/** The endpoints browser applications call across origins, as Kinde's browser SDKs do. */
const CORS_PATHS = [
  '/oauth2/token',
  '/oauth2/v2/user_profile',
  '/oauth2/user_profile',
  '/oauth2/revoke',
  '/oauth2/introspect',
  '/.well-known/jwks.json',
  '/.well-known/openid-configuration',
];

const ALLOWED_HEADERS = 'Content-Type, Kinde-SDK, Authorization';
const ALLOWED_METHODS = 'GET, POST, OPTIONS';

/**
 * How long this process trusts its copy of the registered origins. Other processes sharing the database may register
 * an application at any time, so the copy is short-lived: a new origin works everywhere within this many milliseconds.
 */
export const ORIGINS_CACHE_MS = 2_000;

const isCorsRoute = (route: string | undefined) => !!route && CORS_PATHS.includes(route);

/**
 * CORS for browser applications: an Origin registered by a web or SPA application is answered with itself and
 * credentials allowed (never `*`, which browsers refuse with credentials); any other origin gets no CORS headers.
 */
export function corsRoutes(app: FastifyInstance, roster: Roster): void {
  let cached: { until: number; origins: Promise<Set<string>> } | undefined;
  const registeredOrigins = () => {
    if (!cached || Date.now() >= cached.until) {
      const origins = listBrowserOrigins(roster).then((list) => new Set(list));
      cached = { until: Date.now() + ORIGINS_CACHE_MS, origins };
      // A failed lookup must not be remembered for the whole period.
      origins.catch(() => (cached = undefined));
    }
    return cached.origins;
  };

  const allowedOrigin = async (request: FastifyRequest, reply: FastifyReply): Promise<string | undefined> => {
    reply.header('Vary', 'Origin');
    const origin = request.headers.origin;
    if (!origin || !(await registeredOrigins()).has(origin)) return undefined;
    reply.header('Access-Control-Allow-Origin', origin).header('Access-Control-Allow-Credentials', 'true');
    return origin;
  };

  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS' || !isCorsRoute(request.routeOptions.url)) return;
    await allowedOrigin(request, reply);
  });

  const preflight = async (request: FastifyRequest, reply: FastifyReply) => {
    if (await allowedOrigin(request, reply)) {
      reply
        .header('Access-Control-Allow-Methods', ALLOWED_METHODS)
        .header('Access-Control-Allow-Headers', ALLOWED_HEADERS)
        .header('Access-Control-Max-Age', '600');
    }
    return reply.code(204).send();
  };
  for (const path of CORS_PATHS) app.options(path, { schema: { hide: true } }, preflight);
}
