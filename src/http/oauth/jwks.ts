import type { FastifyInstance } from 'fastify';
import { JWKS_MAX_AGE_SECONDS } from '../../auth/keys.js';
import type { Roster } from '../../services/context.js';

export function jwksRoutes(app: FastifyInstance, roster: Roster): void {
  for (const url of ['/.well-known/jwks.json', '/.well-known/jwks']) {
    app.get(url, { schema: { hide: true } }, async (_request, reply) =>
      reply.header('Cache-Control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`).send(await roster.keys.freshJwks()),
    );
  }
}
