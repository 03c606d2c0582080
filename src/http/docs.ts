import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { Roster } from '../services/context.js';
import { API_PREFIX } from './management/index.js';

/** The OpenAPI document is generated from the route schemas; it must be registered before the routes. */
export async function registerDocs(app: FastifyInstance, roster: Roster): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Roster Management API',
        version: '1',
        description:
          'Users and identities, wire-compatible with Kinde’s Management API. Every call needs an M2M access token from POST /oauth2/token with the scope named on the operation.',
      },
      servers: [{ url: roster.config.issuer }],
      components: { securitySchemes: { kindeBearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get(`${API_PREFIX}/openapi.json`, { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
}
