import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type RateLimitSettings } from '../../src/config.js';
import { createApplication } from '../../src/services/applications.js';
import { createM2mApp, requestToken, startServe, stopAllServers, storeArgs, storeEnv, type CreatedApp } from '../support/cli.js';
import { ENGINE, freePort, freshDatabase, startServer, type TestDatabase, type TestServer } from '../support/roster.js';

// The machine's Redis (`.ci/run` starts it); each test uses keys of its own so runs never share counters.
const REDIS_URL = 'redis://127.0.0.1:6379';
const uniquePrefix = () => `roster-test-${process.pid}-${randomBytes(4).toString('hex')}`;

const limits = (overrides: Partial<Record<keyof RateLimitSettings, unknown>>): RateLimitSettings =>
  ({
    ...loadConfig({}, {}).rateLimits,
    redisPrefix: uniquePrefix(),
    ...overrides,
  }) as RateLimitSettings;

const tooMany = (response: { status: number; headers: Headers }, policy: string, points: number, seconds: number) => {
  expect(response.status).toBe(429);
  const wait = Number(response.headers.get('retry-after'));
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(seconds);
  expect(response.headers.get('ratelimit-reset')).toBe(String(wait));
  expect(response.headers.get('ratelimit-policy')).toBe(`"${policy}";q=${points};w=${seconds}`);
  expect(response.headers.get('ratelimit')).toBe(`"${policy}";r=0;t=${wait}`);
};

const tokenForm = (app: { client_id: string; client_secret?: string }) =>
  new URLSearchParams({ grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret ?? '' });

for (const store of ['memory', 'redis'] as const) {
  describe(`rate limits counted in ${store} (${ENGINE})`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startServer({
        rateLimits: limits({
          enabled: true,
          redisUrl: store === 'redis' ? REDIS_URL : undefined,
          api: { points: 3, seconds: 60 },
          apiBurst: { points: 2, seconds: 60 },
          tokenPerClient: { points: 3, seconds: 60 },
          tokenPerIp: { points: 5, seconds: 60 },
          pagesPerIp: { points: 4, seconds: 60 },
          pagesPerIdentifier: { points: 2, seconds: 60 },
        }),
      });
      // Until the Redis connection is ready requests are served uncounted (fail open).
      for (let attempt = 0; store === 'redis' && attempt < 50; attempt++) {
        const health = (await (await fetch(`${server.url}/healthz`)).json()) as { rate_limits?: { reachable: boolean } };
        if (health.rate_limits?.reachable) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    afterAll(async () => server?.close());

    const post = (path: string, body: URLSearchParams) =>
      fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    const m2m = () => createApplication(server.roster, { type: 'm2m', name: `rl ${randomBytes(3).toString('hex')}`, scopes: 'all' });

    it('/api/v1: each application has its rate and burst; the 429 is Kinde’s, with the limit fields', async () => {
      const [first, second] = [await server.token(), await server.token('read:users')];
      const get = (token: string) => fetch(`${server.url}/api/v1/users`, { headers: { authorization: `Bearer ${token}` } });
      for (let i = 0; i < 5; i++) expect((await get(first)).status, `request ${i + 1}`).toBe(200);
      const refused = await get(first);
      tooMany(refused, 'api', 3, 60);
      expect(await refused.json()).toEqual({
        errors: [{ code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/^Too many requests/) }],
      });
      expect((await get(second)).status).toBe(200);
    });

    it('/oauth2/token: per client, then per address', async () => {
      const [a, b] = [await m2m(), await m2m()];
      for (let i = 0; i < 3; i++) expect((await post('/oauth2/token', tokenForm(a))).status).toBe(200);
      const refused = await post('/oauth2/token', tokenForm(a));
      tooMany(refused, 'tokenPerClient', 3, 60);
      expect((await refused.json()).errors[0].code).toBe('TOO_MANY_REQUESTS');
      // The address has used 4 of its 5: one more from another client, then the address is refused.
      expect((await post('/oauth2/token', tokenForm(b))).status).toBe(200);
      tooMany(await post('/oauth2/token', tokenForm(b)), 'tokenPerIp', 5, 60);
    });

    it('hosted pages: per person named in a form, and per address, answered with a page', async () => {
      const signIn = (identifier: string) => post('/auth/sign-in/password', new URLSearchParams({ identifier, password: 'wrong' }));
      // The posts are refused for their missing CSRF token, and still counted.
      expect((await signIn('Ann@Example.com')).status).toBe(403);
      expect((await signIn('ann@example.com')).status).toBe(403);
      const refused = await signIn('ann@example.com ');
      tooMany(refused, 'pagesPerIdentifier', 2, 60);
      expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await refused.text()).toContain('Too many requests');
      // Three page requests so far from this address; one more, then the address is refused.
      expect((await fetch(`${server.url}/auth/sign-in`)).status).toBe(200);
      tooMany(await fetch(`${server.url}/auth/sign-in`), 'pagesPerIp', 4, 60);
      // The stylesheet is not a page.
      expect((await fetch(`${server.url}/auth/theme.css`)).status).toBe(200);
    });
  });
}

describe(`rate limits across two roster serve processes (${ENGINE})`, () => {
  let database: TestDatabase;
  let app: CreatedApp;
  beforeAll(async () => {
    database = await freshDatabase();
    app = await createM2mApp(database, 'shared limit', 'all');
  });
  afterAll(async () => {
    await stopAllServers();
    await database?.drop();
  });

  const serve = async (env: Record<string, string>) => {
    const port = await freePort();
    const args = ['--port', String(port), '--host', '127.0.0.1', '--issuer', `http://127.0.0.1:${port}`, ...storeArgs(database)];
    return startServe({ args, env: storeEnv(database, { ROSTER_RATE_LIMITS: 'on', ROSTER_RATE_LIMIT_TOKEN_IP: '4/60', ...env }), port });
  };
  /** Token requests sent to each server in turn; the statuses in order. */
  const alternate = async (urls: string[], count: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) statuses.push((await requestToken(urls[i % urls.length]!, app)).status);
    return statuses;
  };

  it('with ROSTER_REDIS_URL both count against one limit exactly', async () => {
    const env = { ROSTER_REDIS_URL: REDIS_URL, ROSTER_REDIS_PREFIX: uniquePrefix() };
    const [a, b] = await Promise.all([serve(env), serve(env)]);
    expect(await alternate([a.url, b.url], 6)).toEqual([200, 200, 200, 200, 429, 429]);
    const health = await (await fetch(`${a.url}/healthz`)).json();
    expect(health).toEqual({ status: 'ok', rate_limits: { store: 'redis', reachable: true, detail: 'shared through Redis' } });
    await Promise.all([a.stop(), b.stop()]);
  });

  it('without it each counts alone', async () => {
    const [a, b] = await Promise.all([serve({}), serve({})]);
    expect(await alternate([a.url, b.url], 10)).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
    expect(await (await fetch(`${a.url}/healthz`)).json()).toEqual({ status: 'ok' });
    await Promise.all([a.stop(), b.stop()]);
  });

  it('when Redis is unreachable requests are served, and the log and /healthz say so', async () => {
    const server = await serve({ ROSTER_REDIS_URL: `redis://127.0.0.1:${await freePort()}`, ROSTER_REDIS_PREFIX: uniquePrefix() });
    expect(await alternate([server.url], 6)).toEqual([200, 200, 200, 200, 200, 200]);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: 'ok',
      rate_limits: { store: 'redis', reachable: false, detail: 'Redis is unreachable: requests are served without rate limits' },
    });
    expect(server.output()).toMatch(/rate limits: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+/);
    await server.stop();
  });
});

describe('rate limit settings', () => {
  it('default to limits in this process, with the documented rates', () => {
    expect(loadConfig({}, {}).rateLimits).toEqual({
      enabled: true,
      redisUrl: undefined,
      redisPrefix: 'roster',
      api: { points: 100, seconds: 1 },
      apiBurst: { points: 1000, seconds: 60 },
      tokenPerClient: { points: 1200, seconds: 60 },
      tokenPerIp: { points: 300, seconds: 60 },
      pagesPerIp: { points: 300, seconds: 60 },
      pagesPerIdentifier: { points: 30, seconds: 60 },
    });
  });

  it.each([
    [{ ROSTER_RATE_LIMIT_API: '100' }, /ROSTER_RATE_LIMIT_API must be requests\/seconds/],
    [{ ROSTER_RATE_LIMIT_TOKEN_IP: '0/60' }, /ROSTER_RATE_LIMIT_TOKEN_IP must be/],
    [{ ROSTER_RATE_LIMITS: 'maybe' }, /ROSTER_RATE_LIMITS must be on or off/],
    [{ ROSTER_REDIS_URL: 'http://127.0.0.1:6379' }, /ROSTER_REDIS_URL must be a redis:\/\//],
  ])('refuse %j', (env, message) => {
    expect(() => loadConfig({}, env)).toThrow(message);
  });
});
