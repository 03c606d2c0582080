import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyUserAccessToken } from '../../services/access-tokens.js';
import type { Roster } from '../../services/context.js';
import { userProfile } from '../../services/user-profile.js';
import { bearerTokenOf } from '../bearer.js';

/** RFC 6750 §3: without credentials just the challenge; with bad ones, `invalid_token`. */
function refuse(reply: FastifyReply, description: string, hadToken: boolean) {
  const challenge = hadToken ? `Bearer realm="roster", error="invalid_token", error_description="${description}"` : 'Bearer realm="roster"';
  return reply
    .code(401)
    .header('WWW-Authenticate', challenge)
    .header('Cache-Control', 'no-store')
    .send({ error: 'invalid_token', error_description: description });
}

export function userinfoRoutes(app: FastifyInstance, roster: Roster): void {
  const profileOf = async (request: FastifyRequest, reply: FastifyReply, version: 'v1' | 'v2') => {
    const token = bearerTokenOf(request);
    if (!token) return refuse(reply, 'A bearer access token is required', false);
    const claims = await verifyUserAccessToken(roster, token);
    if (!claims) return refuse(reply, 'The access token is invalid or expired, or not a user token', true);
    const profile = await userProfile(roster, claims.sub);
    if (!profile) return refuse(reply, 'The user no longer exists or is suspended', true);
    return reply.header('Cache-Control', 'no-store').send(profile[version]);
  };
  app.get('/oauth2/v2/user_profile', { schema: { hide: true } }, (request, reply) => profileOf(request, reply, 'v2'));
  app.get('/oauth2/user_profile', { schema: { hide: true } }, (request, reply) => profileOf(request, reply, 'v1'));
}
