import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { OAuthError } from '../../domain/errors.js';
import type { Roster } from '../../services/context.js';
import { clientCredentialsGrant } from '../../services/tokens.js';

type Form = Record<string, string | string[] | undefined>;

const one = (form: Form, name: string): string | undefined => {
  const value = form[name];
  if (Array.isArray(value)) throw new OAuthError(400, 'invalid_request', `${name} may be given only once`);
  return value;
};

/** `audience` may repeat, or carry several space-separated values, or be empty. */
const many = (form: Form, name: string): string[] => [form[name] ?? []].flat().flatMap((v) => v.split(' ')).filter(Boolean);

function sendOAuthError(reply: FastifyReply, error: OAuthError) {
  if (error.status === 401) reply.header('WWW-Authenticate', 'Basic realm="roster"');
  return reply.code(error.status).header('Cache-Control', 'no-store').send({ error: error.error, error_description: error.description });
}

export async function tokenRoutes(app: FastifyInstance, roster: Roster): Promise<void> {
  await app.register(formbody);
  app.post('/oauth2/token', {
    schema: { hide: true },
    errorHandler: (error, request, reply) => {
      if (error instanceof OAuthError) return sendOAuthError(reply, error);
      // A body the parser refused is the client's fault; anything else is ours, and its text stays in the log.
      if (error.statusCode && error.statusCode < 500) return sendOAuthError(reply, new OAuthError(400, 'invalid_request', error.message));
      request.log.error({ err: error }, 'token request failed');
      return sendOAuthError(reply, new OAuthError(500, 'server_error', 'Something went wrong on our side; it has been logged'));
    },
    handler: async (request, reply) => {
      if (!request.body || typeof request.body !== 'object') throw new OAuthError(400, 'invalid_request', 'Send the parameters as application/x-www-form-urlencoded');
      const form = request.body as Form;
      const grant = one(form, 'grant_type');
      if (grant !== 'client_credentials') {
        throw new OAuthError(400, grant ? 'unsupported_grant_type' : 'invalid_request', grant ? `Grant type ${grant} is not supported` : 'grant_type is required');
      }
      const clientId = one(form, 'client_id');
      const clientSecret = one(form, 'client_secret');
      if (!clientId || !clientSecret) throw new OAuthError(401, 'invalid_client', 'client_id and client_secret are required');
      const token = await clientCredentialsGrant(roster, { clientId, clientSecret, audiences: many(form, 'audience'), scope: one(form, 'scope') ?? '' });
      return reply.header('Cache-Control', 'no-store').send(token);
    },
  });
}
