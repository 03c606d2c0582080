import type { FastifyInstance } from 'fastify';
import type { Roster } from '../../services/context.js';

export function jwksRoutes(app: FastifyInstance, roster: Roster): void {
  for (const url of ['/.well-known/jwks.json', '/.well-known/jwks']) {
    app.get(url, { schema: { hide: true } }, async (_request, reply) => reply.header('Cache-Control', 'public, max-age=60').send(roster.keys.jwks()));
  }
}
