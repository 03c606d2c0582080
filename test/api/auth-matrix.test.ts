import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGEMENT_SCOPES } from '../../src/domain/scopes.js';
import { API_PREFIX, managementRoutes } from '../../src/http/management/index.js';
import type { ManagementRoute } from '../../src/http/management/route.js';
import { consoleToken, signedInAdmin, signedInPerson } from '../support/admins.js';
import { UNKNOWN_IDENTITY_ID, UNKNOWN_USER_ID } from '../support/factories.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';
import {
  badClaims,
  hmacWithPublicKey,
  managementClaims,
  signAsServer,
  signWithStrangerKey,
  signWithUnknownKid,
  tamperedToken,
  unsignedToken,
} from '../support/tokens.js';

// The bearer guard, route by route. The matrix is generated from `managementRoutes`, so a route added later is
// checked without anyone remembering to list it here.

/** Well-formed values for every path or required query parameter a route may have. */
const WELL_FORMED: Record<string, string> = {
  user_id: UNKNOWN_USER_ID,
  identity_id: UNKNOWN_IDENTITY_ID,
  id: UNKNOWN_USER_ID,
  event_id: `event_${'0'.repeat(32)}`,
  webhook_id: `webhook_${'0'.repeat(32)}`,
  delivery_id: `delivery_${'0'.repeat(32)}_webhook_${'0'.repeat(32)}`,
};

function wellFormed(name: string, route: ManagementRoute): string {
  const value = WELL_FORMED[name];
  if (value === undefined) throw new Error(`auth-matrix: add a well-formed value for "${name}" (${route.method} ${route.path})`);
  return value;
}

/** The route's path with its `:params` filled and its required query parameters added. */
function urlPathOf(route: ManagementRoute): string {
  const path = route.path.replace(/:(\w+)/g, (_, name: string) => wellFormed(name, route));
  const required = ((route.schema.querystring as { required?: string[] } | undefined)?.required ?? []).map(
    (name) => `${name}=${wellFormed(name, route)}`,
  );
  return API_PREFIX + path + (required.length ? `?${required.join('&')}` : '');
}

interface Sent {
  status: number;
  contentType: string | null;
  body: any;
}

async function send(server: TestServer, route: ManagementRoute, authorization: string | undefined, path = urlPathOf(route)): Promise<Sent> {
  const headers: Record<string, string> = {};
  if (authorization !== undefined) headers.authorization = authorization;
  if (route.schema.body) headers['content-type'] = 'application/json';
  const response = await fetch(server.url + path, { method: route.method, headers, body: route.schema.body ? '{}' : undefined });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), body: text ? JSON.parse(text) : undefined };
}

type Second = 'INVALID_AUTHORIZATION_HEADER' | 'TOKEN_INVALID';

interface Credential {
  name: string;
  second: Second;
  /** Kinde's own wording where it was observed live. */
  message?: string;
  authorization(server: TestServer): Promise<string | undefined>;
}

const bearer = async (token: string | Promise<string>) => `Bearer ${await token}`;

const REFUSED: Credential[] = [
  { name: 'no Authorization header', second: 'INVALID_AUTHORIZATION_HEADER', authorization: async () => undefined },
  { name: 'an empty Authorization header', second: 'INVALID_AUTHORIZATION_HEADER', authorization: async () => '' },
  { name: 'a Basic header', second: 'INVALID_AUTHORIZATION_HEADER', authorization: async () => 'Basic x' },
  { name: '"Bearer" with no token', second: 'INVALID_AUTHORIZATION_HEADER', authorization: async () => 'Bearer' },
  {
    name: 'two bearer tokens in one header',
    second: 'INVALID_AUTHORIZATION_HEADER',
    authorization: async (s) => `Bearer ${await s.token()} ${await s.token()}`,
  },
  {
    name: 'a two-segment bearer ("Bearer a.b")',
    second: 'TOKEN_INVALID',
    message: 'token contains an invalid number of segments',
    authorization: async () => 'Bearer a.b',
  },
  {
    name: 'a bearer that is not a JWT',
    second: 'TOKEN_INVALID',
    message: 'token contains an invalid number of segments',
    authorization: async () => 'Bearer not-a-jwt',
  },
  { name: 'three dots of garbage', second: 'TOKEN_INVALID', authorization: async () => 'Bearer a.b.c' },
  {
    name: 'a token signed by another RSA key under the server kid',
    second: 'TOKEN_INVALID',
    authorization: (s) => bearer(signWithStrangerKey(s.roster, managementClaims(s.roster))),
  },
  {
    name: 'a token with an unknown kid',
    second: 'TOKEN_INVALID',
    message: 'the JWT has an invalid kid: could not find kid in JWT header',
    authorization: (s) => bearer(signWithUnknownKid(s.roster, managementClaims(s.roster))),
  },
  {
    name: 'an alg:none token',
    second: 'TOKEN_INVALID',
    authorization: async (s) => bearer(unsignedToken(s.roster, managementClaims(s.roster))),
  },
  {
    name: 'an HS256 token keyed with the public key',
    second: 'TOKEN_INVALID',
    authorization: (s) => bearer(hmacWithPublicKey(s.roster, managementClaims(s.roster))),
  },
  {
    name: 'a token whose payload was edited after signing',
    second: 'TOKEN_INVALID',
    authorization: (s) => bearer(tamperedToken(s.roster)),
  },
  { name: 'an expired token', second: 'TOKEN_INVALID', authorization: (s) => bearer(signAsServer(s.roster, badClaims.expired(s.roster))) },
  {
    name: 'a token without exp',
    second: 'TOKEN_INVALID',
    authorization: (s) => bearer(signAsServer(s.roster, badClaims.noExpiry(s.roster))),
  },
  {
    name: 'a token not valid yet (nbf)',
    second: 'TOKEN_INVALID',
    authorization: (s) => bearer(signAsServer(s.roster, badClaims.notYetValid(s.roster))),
  },
  {
    name: 'a token from another issuer',
    second: 'TOKEN_INVALID',
    authorization: (s) => bearer(signAsServer(s.roster, badClaims.wrongIssuer(s.roster))),
  },
  {
    name: 'a token for another audience',
    second: 'TOKEN_INVALID',
    authorization: (s) => bearer(signAsServer(s.roster, badClaims.wrongAudience(s.roster))),
  },
];

function expectCredentialsRefused(sent: Sent, second: Second, message?: string): void {
  expect(sent.status, JSON.stringify(sent.body)).toBe(403);
  expect(sent.contentType).toContain('application/json');
  expect(sent.body.errors).toEqual([
    { code: 'INVALID_CREDENTIALS', message: 'Invalid credentials used to access API' },
    { code: second, message: message ?? expect.any(String) },
  ]);
}

describe(`the bearer guard on every Management API route (${ENGINE})`, () => {
  let server: TestServer;
  const authorizations = new Map<string, string | undefined>();
  let notAdmin: string;
  /** Console tokens of admins granted exactly these scopes (space-joined), made once each. */
  const adminTokens = new Map<string, Promise<string>>();
  const adminToken = (scopes: string) => {
    if (!adminTokens.has(scopes))
      adminTokens.set(
        scopes,
        signedInAdmin(server, 'matrix', scopes).then((a) => consoleToken(server, a)),
      );
    return adminTokens.get(scopes)!;
  };
  beforeAll(async () => {
    server = await startServer();
    for (const credential of REFUSED) authorizations.set(credential.name, await credential.authorization(server));
    notAdmin = await consoleToken(server, await signedInPerson(server, 'not-admin'));
  });
  afterAll(() => server.close());

  it('walks a non-empty route table whose every scope is a known Management scope', () => {
    expect(managementRoutes.length).toBeGreaterThan(0);
    for (const route of managementRoutes) expect(MANAGEMENT_SCOPES).toContain(route.scope);
  });

  describe.each(managementRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))('%s', (_name, route) => {
    it.each(REFUSED.map((c) => [c.name, c] as const))('refuses %s with 403 and Kinde’s two-entry error', async (_label, credential) => {
      expectCredentialsRefused(await send(server, route, authorizations.get(credential.name)), credential.second, credential.message);
    });

    it(`refuses a valid token holding every scope but ${route.scope} with 403 INSUFFICIENT_SCOPE naming it`, async () => {
      const others = MANAGEMENT_SCOPES.filter((s) => s !== route.scope);
      const sent = await send(server, route, await bearer(server.token(others.join(' '))));
      expect(sent.status, JSON.stringify(sent.body)).toBe(403);
      expect(sent.contentType).toContain('application/json');
      expect(sent.body.errors).toHaveLength(1);
      expect(sent.body.errors[0].code).toBe('INSUFFICIENT_SCOPE');
      expect(sent.body.errors[0].message).toContain(route.scope);
    });

    it(`refuses a forged token that carries ${route.scope} only in its unsigned claims (alg:none)`, async () => {
      const sent = await send(server, route, `Bearer ${unsignedToken(server.roster, managementClaims(server.roster, [route.scope]))}`);
      expectCredentialsRefused(sent, 'TOKEN_INVALID');
    });

    it('lets a valid token with only this route’s scope past the guard', async () => {
      const sent = await send(server, route, await bearer(server.token(route.scope)));
      expect(sent.status, JSON.stringify(sent.body)).not.toBe(403);
      expect(sent.status).toBeLessThan(500);
      expect(sent.contentType).toContain('application/json');
    });

    it('refuses the console token of a person who is not an admin', async () => {
      expectCredentialsRefused(await send(server, route, `Bearer ${notAdmin}`), 'TOKEN_INVALID');
    });

    it(`refuses an admin's console token with every scope but ${route.scope} with 403 INSUFFICIENT_SCOPE`, async () => {
      const sent = await send(server, route, await bearer(adminToken(MANAGEMENT_SCOPES.filter((s) => s !== route.scope).join(' '))));
      expect(sent.status, JSON.stringify(sent.body)).toBe(403);
      expect(sent.body.errors).toEqual([{ code: 'INSUFFICIENT_SCOPE', message: expect.stringContaining(route.scope) }]);
    });

    it("lets an admin's console token with only this route's scope past the guard", async () => {
      const sent = await send(server, route, await bearer(adminToken(route.scope)));
      expect(sent.status, JSON.stringify(sent.body)).not.toBe(403);
      expect(sent.status).toBeLessThan(500);
    });

    it('lets a token the server signed by hand (all scopes) past the guard', async () => {
      const sent = await send(server, route, await bearer(signAsServer(server.roster, managementClaims(server.roster))));
      expect(sent.status, JSON.stringify(sent.body)).not.toBe(403);
      expect(sent.status).toBeLessThan(500);
    });

    it.each([
      ['a percent-encoded letter in the prefix', (p: string) => p.replace(/^\/api/, '/%61pi')],
      [
        'a percent-encoded letter after the prefix',
        (p: string) => p.replace(/^\/api\/v1\/(.)/, (_m, c: string) => `/api/v1/%${c.charCodeAt(0).toString(16)}`),
      ],
      ['a doubled leading slash', (p: string) => `/${p}`],
      ['a trailing slash', (p: string) => p.replace(/(\?|$)/, '/$1')],
    ])('still demands a token when the path is spelt with %s', async (_label, respell) => {
      expectCredentialsRefused(await send(server, route, undefined, respell(urlPathOf(route))), 'INVALID_AUTHORIZATION_HEADER');
    });
  });
});

// Kinde checks the token before routing: an unknown /api/v1 path answers 403 without a token, 404 with one.

const ROUTE_NOT_FOUND = { errors: { code: 'ROUTE_NOT_FOUND', message: expect.any(String) } };
const NO_HEADER = [
  { code: 'INVALID_CREDENTIALS', message: 'Invalid credentials used to access API' },
  { code: 'INVALID_AUTHORIZATION_HEADER', message: expect.any(String) },
];

describe(`auth before routing under /api/v1 (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const call = async (method: string, path: string, token?: string) => {
    const response = await fetch(server.url + path, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() };
  };

  it.each([
    ['GET', '/api/v1/no-such-thing'],
    ['GET', '/api/v1'],
    ['PUT', '/api/v1/user'],
    ['POST', `/api/v1/identities/${UNKNOWN_IDENTITY_ID}`],
    ['GET', '/%61pi/v1/no-such-thing'],
  ])('%s %s without a token is 403 INVALID_CREDENTIALS, not 404', async (method, path) => {
    const sent = await call(method, path);
    expect(sent.status).toBe(403);
    expect(sent.contentType).toContain('application/json');
    expect(sent.body.errors).toEqual(NO_HEADER);
  });

  it.each([
    ['GET', '/api/v1/no-such-thing'],
    ['GET', '/api/v1'],
    ['PUT', '/api/v1/user'],
    ['POST', `/api/v1/identities/${UNKNOWN_IDENTITY_ID}`],
  ])('%s %s with a valid token is 404 ROUTE_NOT_FOUND with errors as an object', async (method, path) => {
    const sent = await call(method, path, await server.token());
    expect(sent.status).toBe(404);
    expect(sent.contentType).toContain('application/json');
    expect(sent.body).toEqual(ROUTE_NOT_FOUND);
    expect(Array.isArray(sent.body.errors)).toBe(false);
  });

  it('serves /api/v1/openapi.json without a token', async () => {
    const sent = await call('GET', '/api/v1/openapi.json');
    expect(sent.status).toBe(200);
    expect(sent.body.openapi).toMatch(/^3\./);
    expect(Object.keys(sent.body.paths)).toContain('/api/v1/user');
  });

  it('accepts the scheme name in any case ("bearer")', async () => {
    const response = await fetch(`${server.url}/api/v1/users`, { headers: { authorization: `bearer ${await server.token()}` } });
    expect(response.status).toBe(200);
    expect((await response.json()).code).toBe('OK');
  });
});
