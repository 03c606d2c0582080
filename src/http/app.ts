import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { registerConsoleClient } from '../services/console-client.js';
import type { Roster } from '../services/context.js';
import { databaseReachable } from '../services/health.js';
import { openRateLimits } from '../services/rate-limits.js';
import { bearerGuard } from './bearer.js';
import { answerClientError, closeUnreadBodies, limitRequestTime, serverTimeouts } from './connection.js';
import { consoleRoutes } from './console.js';
import { operationSecurity, registerDocs } from './docs.js';
import { kindeErrorHandler, sendRouteNotFound } from './errors.js';
import { strictJsonBodies } from './json.js';
import { API_PREFIX, managementRoutes } from './management/index.js';
import { oauthRoutes } from './oauth/index.js';
import { pageRoutes } from './pages/index.js';
import { applyRateLimits } from './rate-limit.js';
import type { BoundServer } from './server.js';
import { refuseUnsafeText } from './text-inputs.js';
import { validatorCompiler } from './validation.js';

export interface AppOptions {
  logger?: boolean;
  /** A server already listening (`roster serve`), which the application answers on instead of one of its own. */
  server?: BoundServer;
}

export async function buildApp(roster: Roster, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: roster.config.logLevel },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // Kinde's clients join `${domain}/path`, so a domain configured with a trailing slash sends `//path`.
    routerOptions: { ignoreDuplicateSlashes: true, ignoreTrailingSlash: true },
    clientErrorHandler: answerClientError,
    ...(options.server ? { serverFactory: serveOn(options.server) } : {}),
    ...serverTimeouts(roster.config.timeouts),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(kindeErrorHandler);
  app.setNotFoundHandler((_request, reply) => sendRouteNotFound(reply));
  strictJsonBodies(app);
  refuseUnsafeText(app, roster);
  limitRequestTime(app, roster.config.timeouts);
  closeUnreadBodies(app);
  await registerDocs(app, roster);

  const guard = bearerGuard(roster);
  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config as { public?: boolean; scope?: string };
    if (config.public) return;
    // A management route is guarded however its path was spelt (the router decodes `/%61pi/v1/users`); unknown paths
    // under the prefix are guarded too, so they answer 403 before 404 as Kinde does.
    if (config.scope || isApiPath(request.url)) return guard(request, reply);
  });
  const limits = openRateLimits(roster.config.rateLimits, app.log);
  applyRateLimits(app, roster, limits);

  for (const route of managementRoutes) {
    const define = (scope: FastifyInstance) =>
      scope.route({
        ...(route.context?.bodyLimit ? { bodyLimit: route.context.bodyLimit } : {}),
        method: route.method,
        url: API_PREFIX + route.path,
        schema: {
          ...route.schema,
          operationId: route.operationId,
          summary: route.summary,
          description: `Scope: \`${route.scope}\``,
          tags: [route.tag],
          security: operationSecurity(route.scope),
        },
        config: { scope: route.scope, unknownFieldCode: route.unknownFieldCode, longUpload: route.context?.longUpload === true },
        handler: (request, reply) =>
          route.handle(
            {
              body: request.body as never,
              query: request.query as never,
              params: request.params as never,
              actor: request.caller!.actor,
              reply,
            },
            roster,
          ),
      });
    // A route with body parsers of its own (an upload) gets its own context, so they apply to it alone.
    if (route.context) {
      const { setup } = route.context;
      await app.register(async (scope) => {
        await setup(scope);
        define(scope);
      });
    } else define(app);
  }

  await oauthRoutes(app, roster);
  // In their own context: the form parser they register must not make /api/v1 accept form bodies.
  await app.register(async (scope) => pageRoutes(scope, roster));
  consoleRoutes(app, roster);
  await registerConsoleClient(roster);
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    if (!(await databaseReachable(roster))) return reply.code(503).send({ status: 'unavailable', reason: 'The database is unreachable' });
    const rateLimits = limits.health();
    if (rateLimits.store === 'memory') return { status: 'ok' };
    const detail = rateLimits.reachable ? 'shared through Redis' : 'Redis is unreachable: requests are served without rate limits';
    return { status: 'ok', rate_limits: { ...rateLimits, detail } };
  });
  return app;
}

const serveOn = (bound: BoundServer) => (handler: (request: IncomingMessage, response: ServerResponse) => void) => {
  bound.attach(handler);
  return bound.server;
};

function isApiPath(url: string): boolean {
  let path = url.split('?')[0]!;
  try {
    path = decodeURIComponent(path);
  } catch {
    // Undecodable: judge the raw text.
  }
  path = path.replace(/\/{2,}/g, '/');
  return path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);
}
