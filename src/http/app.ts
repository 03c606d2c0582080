import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Roster } from '../services/context.js';
import { bearerGuard } from './bearer.js';
import { registerDocs } from './docs.js';
import { kindeErrorHandler, sendRouteNotFound } from './errors.js';
import { strictJsonBodies } from './json.js';
import { API_PREFIX, managementRoutes } from './management/index.js';
import { jwksRoutes } from './oauth/jwks.js';
import { tokenRoutes } from './oauth/token.js';
import { validatorCompiler } from './validation.js';

export interface AppOptions {
  logger?: boolean;
}

export async function buildApp(roster: Roster, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: roster.config.logLevel },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // Kinde's clients join `${domain}/path`, so a domain configured with a trailing slash sends `//path`.
    routerOptions: { ignoreDuplicateSlashes: true, ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(kindeErrorHandler);
  app.setNotFoundHandler((_request, reply) => sendRouteNotFound(reply));
  strictJsonBodies(app);
  await registerDocs(app, roster);

  const guard = bearerGuard(roster);
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.replace(/\/{2,}/g, '/');
    const config = request.routeOptions.config as { public?: boolean };
    if ((path.startsWith(`${API_PREFIX}/`) || path.split('?')[0] === API_PREFIX) && !config.public) return guard(request, reply);
  });

  for (const route of managementRoutes) {
    app.route({
      method: route.method,
      url: API_PREFIX + route.path,
      schema: {
        ...route.schema,
        operationId: route.operationId,
        summary: route.summary,
        description: `Scope: \`${route.scope}\``,
        tags: [route.tag],
        security: [{ kindeBearerAuth: [route.scope] }],
      },
      config: { scope: route.scope, unknownFieldCode: route.unknownFieldCode },
      handler: (request, reply) =>
        route.handle(
          { body: request.body as never, query: request.query as never, params: request.params as never, actor: request.caller!.clientId, reply },
          roster,
        ),
    });
  }

  await tokenRoutes(app, roster);
  jwksRoutes(app, roster);
  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(roster.database.db);
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', reason: 'The database is unreachable' });
    }
  });
  return app;
}
