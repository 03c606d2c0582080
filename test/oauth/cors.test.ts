import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGINS_CACHE_MS } from '../../src/http/oauth/cors.js';
import { createApplication } from '../../src/services/applications.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

const SPA_ORIGIN = 'http://localhost:5173';
const WEB_ORIGIN = 'https://app.example.com';
const CORS_PATHS = [
  '/oauth2/token',
  '/oauth2/v2/user_profile',
  '/oauth2/user_profile',
  '/oauth2/revoke',
  '/oauth2/introspect',
  '/.well-known/jwks.json',
  '/.well-known/openid-configuration',
];

describe(`CORS for browser applications (${ENGINE})`, () => {
  let server: TestServer;

  const preflight = (path: string, origin: string, requestHeaders = 'content-type,kinde-sdk') =>
    fetch(server.url + path, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders },
    });
  const corsHeaders = (response: Response) => [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

  beforeAll(async () => {
    server = await startServer();
    await createApplication(server.roster, { type: 'spa', name: 'spa', redirect_uris: [`${SPA_ORIGIN}/callback`], origins: [SPA_ORIGIN] });
    await createApplication(server.roster, { type: 'web', name: 'web', redirect_uris: [`${WEB_ORIGIN}/callback`], origins: [WEB_ORIGIN] });
  });
  afterAll(() => server.close());

  it('answers a preflight from a registered origin on every browser-facing path with 204 and the exact origin', async () => {
    for (const path of CORS_PATHS) {
      for (const origin of [SPA_ORIGIN, WEB_ORIGIN]) {
        const response = await preflight(path, origin);
        expect(response.status, path).toBe(204);
        expect(response.headers.get('access-control-allow-origin'), path).toBe(origin);
        expect(response.headers.get('access-control-allow-credentials')).toBe('true');
        expect(response.headers.get('access-control-allow-methods')).toContain('POST');
        expect(response.headers.get('access-control-allow-headers')).toBe('Content-Type, Kinde-SDK, Authorization');
        expect(response.headers.get('vary')).toContain('Origin');
      }
    }
  });

  it('gives an unregistered origin no CORS headers at all', async () => {
    for (const origin of [
      'https://evil.example.com',
      'http://localhost:5174',
      'https://app.example.com.evil.example.com',
      'https://APP.example.com',
      `${WEB_ORIGIN}/`,
      'null',
      '*',
    ]) {
      const response = await preflight('/oauth2/token', origin);
      expect(corsHeaders(response), origin).toEqual([]);
      const actual = await fetch(`${server.url}/.well-known/jwks.json`, { headers: { origin } });
      expect(actual.status).toBe(200);
      expect(corsHeaders(actual), origin).toEqual([]);
      expect(actual.headers.get('vary')).toContain('Origin');
    }
  });

  it('adds the headers to actual requests, successful or not', async () => {
    const jwks = await fetch(`${server.url}/.well-known/jwks.json`, { headers: { origin: SPA_ORIGIN } });
    expect(jwks.status).toBe(200);
    expect(jwks.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect(jwks.headers.get('access-control-allow-credentials')).toBe('true');

    const token = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { origin: SPA_ORIGIN, 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', 'kinde-sdk': 'Test/1.0' },
      body: 'grant_type=refresh_token&client_id=nobody&refresh_token=nothing',
    });
    expect(token.status).toBeGreaterThanOrEqual(400);
    expect(token.status).toBeLessThan(500);
    expect(token.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
  });

  it('leaves other paths alone, even for a registered origin', async () => {
    for (const path of ['/healthz', '/api/v1/users', '/oauth2/auth?client_id=x', '/logout', '/account_api/v1/permissions']) {
      const response = await fetch(server.url + path, { headers: { origin: SPA_ORIGIN }, redirect: 'manual' });
      expect(corsHeaders(response), path).toEqual([]);
    }
    expect(corsHeaders(await preflight('/account_api/v1/permissions', SPA_ORIGIN))).toEqual([]);
  });

  it('does not answer a request without an Origin with CORS headers', async () => {
    const response = await fetch(`${server.url}/.well-known/openid-configuration`);
    expect(corsHeaders(response)).toEqual([]);
  });

  it(`learns an origin registered by another process within ${ORIGINS_CACHE_MS} ms`, async () => {
    const origin = 'https://late.example.com';
    expect(corsHeaders(await preflight('/oauth2/token', origin))).toEqual([]);
    await createApplication(server.roster, { type: 'spa', name: 'late', redirect_uris: [`${origin}/cb`], origins: [origin] });
    const deadline = Date.now() + ORIGINS_CACHE_MS + 2_000;
    let allowed: string | null = null;
    while (Date.now() < deadline && !allowed) {
      allowed = (await preflight('/oauth2/token', origin)).headers.get('access-control-allow-origin');
      if (!allowed) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(allowed).toBe(origin);
  });
});
