import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Roster } from '../services/context.js';
import type { LimitName, RateLimits, Refusal } from '../services/rate-limits.js';
import { sendErrors } from './errors.js';
import { clientCredentialsOf, type Form } from './oauth/form.js';
import { formText } from './pages/form-input.js';
import { sendPageWithHeaders } from './pages/headers.js';
import { hasCustomTheme } from './pages/layout.js';
import { messagePage } from './pages/views.js';

type Keys = (readonly [LimitName, string])[];

const PAGE = /^\/(auth\/(?!.*\.css$)|oauth2\/auth(\/|$)|logout$)/;
const isPage = (route: string) => PAGE.test(route);

/** Limits known from the headers alone: the caller (an application, or an admin through the console) and the client's address. */
function earlyKeys(request: FastifyRequest): Keys {
  const route = request.routeOptions.url ?? '';
  if (request.caller) return [['api', `${request.caller.actor.type}:${request.caller.actor.id}`]];
  if (route === '/oauth2/token') return [['tokenPerIp', request.ip]];
  if (isPage(route)) return [['pagesPerIp', request.ip]];
  return [];
}

/** Limits that need the body: the client a token request names, the person a sign-in form names. */
function bodyKeys(request: FastifyRequest): Keys {
  const route = request.routeOptions.url ?? '';
  if (route === '/oauth2/token') {
    let clientId: string | undefined;
    try {
      clientId = clientCredentialsOf(request, (request.body ?? {}) as Form)?.clientId;
    } catch {
      // Malformed credentials: the handler refuses them, counted against the address already.
    }
    return clientId ? [['tokenPerClient', clientId]] : [];
  }
  if (request.method === 'POST' && isPage(route)) {
    const identifier = ['identifier', 'email', 'challenge'].map((name) => formText(request.body, name).trim()).find(Boolean);
    return identifier ? [['pagesPerIdentifier', identifier.toLowerCase()]] : [];
  }
  return [];
}

/**
 * Kinde's 429: `TOO_MANY_REQUESTS` in its envelope with `RateLimit-Reset`, the IETF draft's `RateLimit` and
 * `RateLimit-Policy` fields, and `Retry-After`; the hosted pages answer with a page saying the same.
 */
function refuse(request: FastifyRequest, reply: FastifyReply, roster: Roster, refusal: Refusal) {
  const wait = refusal.retryAfterSeconds;
  reply
    .header('Retry-After', String(wait))
    .header('RateLimit-Reset', String(wait))
    .header('RateLimit-Policy', `"${refusal.policy}";q=${refusal.rate.points};w=${refusal.rate.seconds}`)
    .header('RateLimit', `"${refusal.policy}";r=0;t=${wait}`);
  const message = `Too many requests; try again in ${wait} s`;
  if (isPage(request.routeOptions.url ?? '')) {
    return sendPageWithHeaders(reply, 429, messagePage(hasCustomTheme(roster.config), 'Too many requests', `${message}.`));
  }
  return sendErrors(reply, 429, [{ code: 'TOO_MANY_REQUESTS', message }]);
}

/** Counts each request against its limits; call after the bearer guard's hook so the calling application is known. */
export function applyRateLimits(app: FastifyInstance, roster: Roster, limits: RateLimits): void {
  const check = (keysOf: (request: FastifyRequest) => Keys) => async (request: FastifyRequest, reply: FastifyReply) => {
    const keys = keysOf(request);
    if (keys.length === 0) return;
    const refusal = await limits.take(keys);
    if (refusal) return refuse(request, reply, roster, refusal);
  };
  app.addHook('onRequest', check(earlyKeys));
  app.addHook('preHandler', check(bodyKeys));
  app.addHook('onClose', () => limits.close());
}
