import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { MANAGEMENT_SCOPES } from '../domain/scopes.js';
import type { Roster } from '../services/context.js';
import { API_PREFIX } from './management/index.js';

const CLIENT_CREDENTIALS = 'clientCredentials';
const BEARER = 'bearerToken';

/** An operation needs a token with its scope: fetched with client credentials, or one the caller already has. */
export const operationSecurity = (scope: string): Record<string, string[]>[] => [{ [CLIENT_CREDENTIALS]: [scope] }, { [BEARER]: [] }];

function scopeDescription(scope: string): string {
  const [action, object] = scope.split(':') as [string, string];
  return `${action[0]!.toUpperCase()}${action.slice(1)} ${object.replace(/_/g, ' ')}`;
}

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
      components: {
        securitySchemes: {
          [CLIENT_CREDENTIALS]: {
            type: 'oauth2',
            description: 'An m2m application’s client id and secret (roster apps create --type m2m) exchanged for a token.',
            flows: {
              clientCredentials: {
                tokenUrl: `${roster.config.issuer}/oauth2/token`,
                scopes: Object.fromEntries(MANAGEMENT_SCOPES.map((scope) => [scope, scopeDescription(scope)])),
              },
            },
          },
          [BEARER]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token obtained already.' },
        },
      },
    },
  });
  // Swagger UI reads the document the API serves (not its own copy at /api/docs/json) and can fetch a token itself.
  const basePath = new URL(roster.config.issuer).pathname.replace(/\/$/, '');
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { urls: [{ url: `${basePath}${API_PREFIX}/openapi.json`, name: 'Roster Management API' }] },
  });
  app.get(`${API_PREFIX}/openapi.json`, { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
}
