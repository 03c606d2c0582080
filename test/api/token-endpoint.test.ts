import { createPrivateKey } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJwt } from '../../src/auth/jwt.js';
import { newSigningKey, type KeyRing } from '../../src/auth/keys.js';
import { MANAGEMENT_SCOPES } from '../../src/domain/scopes.js';
import { createApplication } from '../../src/services/applications.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

type Client = { client_id: string; client_secret: string };

/** Exactly what @kinde/management-api-js sends: a form with an empty scope and the audience last. */
const kindeForm = (client: Client, audience: string, scope = '') =>
  [
    ['grant_type', 'client_credentials'],
    ['scope', scope],
    ['client_id', client.client_id],
    ['client_secret', client.client_secret],
    ['audience', audience],
  ] as [string, string][];

const BASE64URL_WITHOUT_DASH_OR_UNDERSCORE = /^[A-Za-z0-9]+$/;

describe(`POST /oauth2/token and the JWKS (${ENGINE})`, () => {
  let server: TestServer;
  let all: Client;
  let readOnly: Client;
  let api: string;
  beforeAll(async () => {
    server = await startServer();
    all = await createApplication(server.roster, { type: 'm2m', name: 'everything', scopes: 'all' });
    readOnly = await createApplication(server.roster, { type: 'm2m', name: 'reader', scopes: 'read:users read:identities' });
    api = `${server.config.issuer}/api`;
  });
  afterAll(() => server.close());

  const post = async (fields: [string, string][], path = '/oauth2/token') => {
    const response = await fetch(server.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: new URLSearchParams(fields).toString(),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
  };
  const mint = async (fields: [string, string][]) => {
    const response = await post(fields);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return { response: response.body, claims: decodeJwt(response.body.access_token as string) };
  };

  describe('granting', () => {
    it('answers the management-api-js form with {access_token, expires_in, scope, token_type:"bearer"} and no-store', async () => {
      const response = await post(kindeForm(all, api));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(Object.keys(response.body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
      expect(response.body.token_type).toBe('bearer');
      expect(response.body.expires_in).toBe(server.config.accessTokenSeconds);
    });

    it('an empty scope grants every scope the application has', async () => {
      const { response, claims } = await mint(kindeForm(readOnly, api));
      expect(response.scope).toBe('read:users read:identities');
      expect(claims.scp).toEqual(['read:users', 'read:identities']);
      const { response: everything } = await mint(kindeForm(all, api));
      expect(everything.scope.split(' ')).toEqual([...MANAGEMENT_SCOPES]);
    });

    it('a subset of the granted scopes gets just that subset', async () => {
      const { response, claims } = await mint(kindeForm(all, api, 'read:users delete:identities'));
      expect(response.scope).toBe('read:users delete:identities');
      expect(claims).toMatchObject({ scope: 'read:users delete:identities', scp: ['read:users', 'delete:identities'] });
    });

    it('a scope the application was not granted is 400 invalid_scope', async () => {
      const response = await post(kindeForm(readOnly, api, 'read:users delete:users'));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'invalid_scope' });
      expect(response.body.error_description).toMatch(/delete:users/);
      expect(response.body).not.toHaveProperty('access_token');
    });

    it('the token it grants is accepted by the Management API', async () => {
      const { response } = await mint(kindeForm(all, api));
      const users = await server.api('GET', '/api/v1/users', undefined, response.access_token);
      expect(users.status).toBe(200);
    });

    it('works at //oauth2/token (a domain configured with a trailing slash)', async () => {
      const response = await post(kindeForm(all, api), '//oauth2/token');
      expect(response.status).toBe(200);
      expect(response.body.token_type).toBe('bearer');
    });
  });

  describe('refusing', () => {
    it('a wrong secret and an unknown client are the same 401 invalid_client', async () => {
      const wrongSecret = await post(kindeForm({ client_id: all.client_id, client_secret: readOnly.client_secret }, api));
      const unknownClient = await post(kindeForm({ client_id: 'f'.repeat(40), client_secret: all.client_secret }, api));
      const noSecret = await post([
        ['grant_type', 'client_credentials'],
        ['client_id', all.client_id],
      ]);
      for (const response of [wrongSecret, unknownClient, noSecret]) {
        expect(response.status).toBe(401);
        expect(response.body.error).toBe('invalid_client');
        expect(response.body).not.toHaveProperty('access_token');
      }
      expect(unknownClient.body).toEqual(wrongSecret.body);
    });

    it('a request without grant_type is 400 invalid_request', async () => {
      const response = await post(kindeForm(all, api).filter(([name]) => name !== 'grant_type'));
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_request');
    });

    it('a grant other than client_credentials is 400 unsupported_grant_type', async () => {
      const response = await post([
        ['grant_type', 'password'],
        ['username', 'ann'],
        ['password', 'secret'],
      ]);
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('unsupported_grant_type');
    });

    it('a foreign audience is refused, alone or beside ours', async () => {
      for (const audience of [
        'https://evil.example/api',
        `${api} https://evil.example/api`,
        `http://127.0.0.1:${server.config.port + 1}/api`,
        `${server.config.issuer}/other`,
      ]) {
        const response = await post(kindeForm(all, audience));
        expect(response.status, audience).toBe(400);
        expect(response.body.error, audience).toBeTypeOf('string');
        expect(response.body, audience).not.toHaveProperty('access_token');
      }
    });
  });

  describe('audiences', () => {
    it('accepts each way clients name the API and echoes it verbatim in aud beside <issuer>/api', async () => {
      const port = server.config.port;
      for (const audience of [
        `http://127.0.0.1:${port}/api`,
        `http://localhost:${port}/api`,
        `https://http://127.0.0.1:${port}/api`,
        `https://http://localhost:${port}/api`,
      ]) {
        const { claims } = await mint(kindeForm(all, audience));
        expect(claims.aud, audience).toContain(audience);
        expect(claims.aud, audience).toContain(api);
      }
    });

    it('accepts a repeated audience and a space-joined one', async () => {
      const other = `https://http://127.0.0.1:${server.config.port}/api`;
      const repeated = await mint([...kindeForm(all, api), ['audience', other]]);
      expect(repeated.claims.aud).toEqual([api, other]);
      const joined = await mint(kindeForm(all, `${other} ${api}`));
      expect(joined.claims.aud).toEqual([other, api]);
    });

    it('without an audience the token is for <issuer>/api', async () => {
      const { claims } = await mint(kindeForm(all, api).filter(([name]) => name !== 'audience'));
      expect(claims.aud).toEqual([api]);
    });
  });

  describe('the access token', () => {
    it('carries aud, azp, gty, scope, scp, iss, iat, exp, jti and v:"2"', async () => {
      const before = Math.floor(Date.now() / 1000);
      const { response, claims } = await mint(kindeForm(readOnly, api));
      const after = Math.floor(Date.now() / 1000);
      expect(Object.keys(claims).sort()).toEqual(['aud', 'azp', 'exp', 'gty', 'iat', 'iss', 'jti', 'scope', 'scp', 'v']);
      expect(claims).toMatchObject({
        aud: [api],
        azp: readOnly.client_id,
        gty: ['client_credentials'],
        scope: 'read:users read:identities',
        scp: ['read:users', 'read:identities'],
        iss: server.config.issuer,
        v: '2',
      });
      expect(claims.iat).toBeGreaterThanOrEqual(before);
      expect(claims.iat).toBeLessThanOrEqual(after);
      expect(claims.exp).toBe(claims.iat! + response.expires_in);
      expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
      const again = await mint(kindeForm(readOnly, api));
      expect(again.claims.jti).not.toBe(claims.jti);
    });

    it('has the header exactly {alg:"RS256", kid, typ:"JWT"}, encoded without - or _', async () => {
      const { response } = await mint(kindeForm(all, api));
      const token = response.access_token as string;
      const header = decodeProtectedHeader(token);
      expect(header).toEqual({ alg: 'RS256', kid: expect.any(String), typ: 'JWT' });
      expect(Object.keys(header)).toEqual(['alg', 'kid', 'typ']);
      expect(token.split('.')[0]).toMatch(BASE64URL_WITHOUT_DASH_OR_UNDERSCORE);
    });

    it('is verified by the published JWKS (jose createRemoteJWKSet)', async () => {
      const jwks = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
      const { response } = await mint(kindeForm(all, `https://http://127.0.0.1:${server.config.port}/api`));
      const { payload, protectedHeader } = await jwtVerify(response.access_token as string, jwks, {
        issuer: server.config.issuer,
        audience: api,
        algorithms: ['RS256'],
      });
      expect(protectedHeader.alg).toBe('RS256');
      expect((payload as JWTPayload).azp).toBe(all.client_id);
      await jwtVerify(response.access_token as string, jwks, { audience: `https://http://127.0.0.1:${server.config.port}/api` });
    });
  });

  describe('the JWKS', () => {
    it('publishes RSA signing keys with kty, use, alg, kid, n and e, including the kid tokens carry', async () => {
      const response = await fetch(`${server.url}/.well-known/jwks.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const { keys } = (await response.json()) as { keys: Record<string, string>[] };
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', e: 'AQAB' });
        expect(key.kid).toMatch(/^[A-Za-z0-9]+$/);
        expect(key.n).toMatch(/^[A-Za-z0-9_-]{300,}$/);
        expect(key).not.toHaveProperty('d');
      }
      const { response: token } = await mint(kindeForm(all, api));
      expect(keys.map((k) => k.kid)).toContain(decodeProtectedHeader(token.access_token).kid);
    });

    it('is also served at //.well-known/jwks.json', async () => {
      const response = await fetch(`${server.url}//.well-known/jwks.json`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    });
  });

  describe('applications', () => {
    it('client secrets are 40 to 60 letters and digits, all different', async () => {
      const secrets = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const app = await createApplication(server.roster, { type: 'm2m', name: `secret ${i}`, scopes: 'read:users' });
        expect(app.client_secret).toMatch(/^[a-zA-Z0-9]{40,60}$/);
        secrets.add(app.client_secret);
      }
      expect(secrets.size).toBe(20);
    });

    it('the secret is stored only as a hash', async () => {
      const app = await createApplication(server.roster, { type: 'm2m', name: 'hashed', scopes: 'read:users' });
      const row = await server.roster.database.db
        .selectFrom('applications')
        .selectAll()
        .where('id', '=', app.client_id)
        .executeTakeFirstOrThrow();
      for (const value of Object.values(row)) expect(String(value)).not.toContain(app.client_secret);
      expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
      await mint(kindeForm(app, api));
    });
  });
});

describe('token headers over many signing keys', () => {
  const HEX = '0123456789abcdef';
  /** signJwt only reads the ring's signing key: this ring holds exactly one key, under the kid given. */
  const ringOf = (kid: string, privateJwk: string) =>
    ({ signing: { kid, privateKey: createPrivateKey({ key: JSON.parse(privateJwk), format: 'jwk' }) } }) as unknown as KeyRing;
  const headerOf = async (ring: KeyRing) =>
    (await signJwt(ring, { iss: 'http://127.0.0.1', aud: ['http://127.0.0.1/api'] })).split('.')[0]!;

  it('tokens signed with fresh keys from newSigningKey have kids of 32 hex digits and a header without - or _', async () => {
    // RSA key generation costs ~0.3 s a key here, so 12 real keys; the next test covers every kid of this format.
    const rows = await Promise.all(Array.from({ length: 12 }, () => newSigningKey(undefined)));
    expect(new Set(rows.map((r) => r.kid)).size).toBe(rows.length);
    for (const row of rows) {
      expect(row.kid).toMatch(/^[0-9a-f]{32}$/);
      const header = await headerOf(ringOf(row.kid, row.privateJwk));
      expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256', kid: row.kid, typ: 'JWT' });
      expect(header, row.kid).toMatch(BASE64URL_WITHOUT_DASH_OR_UNDERSCORE);
    }
  }, 60_000);

  it('every kid of 32 hex digits gives a header without - or _ (each base64 digit spans two bytes: all pairs at all alignments)', async () => {
    const row = await newSigningKey(undefined);
    const kids: string[] = [];
    // A base64 digit covers bits of at most two neighbouring bytes, and its alignment repeats every three bytes:
    // every pair of hex digits at kid positions 0-1, 1-2 and 2-3, plus every last digit, covers every case.
    for (const position of [0, 1, 2]) {
      for (const a of HEX) for (const b of HEX) kids.push('0'.repeat(position) + a + b + '0'.repeat(30 - position));
    }
    for (const last of HEX) kids.push('0'.repeat(31) + last);
    for (const kid of kids) expect(await headerOf(ringOf(kid, row.privateJwk)), kid).toMatch(BASE64URL_WITHOUT_DASH_OR_UNDERSCORE);
    expect(kids).toHaveLength(3 * 256 + 16);
  }, 60_000);
});
