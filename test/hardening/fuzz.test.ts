import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../support/factories.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';
import { routeTable, type RouteEntry } from '../support/route-table.js';
import { snapshotEveryTable } from '../support/snapshot.js';

// Bounded: the property runs until this many requests or this much time, whichever comes first.
const RUNS = 3000;
const TIME_LIMIT_MS = 15_000;

const CONTENT_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'text/csv',
  'application/x-ndjson',
  'multipart/form-data; boundary=xyz',
  'application/xml',
];

const PARAMETER_NAMES = [
  'id',
  'user_id',
  'email',
  'page_size',
  'next_token',
  'active_since',
  'expand',
  'query',
  'grant_type',
  'client_id',
  'client_secret',
  'code',
  'refresh_token',
  'token',
  'response_type',
  'redirect_uri',
  'nonce',
  'request',
  'redirect',
  'all_sessions',
  'identifier',
];

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] } | undefined> | undefined>;
}

/** UTF-8 bytes as %XX escapes: any bytes at all, valid UTF-8 or not, reach the server exactly. */
const percentEncoded = (bytes: Uint8Array) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
// A lone surrogate becomes U+FFFD here; lone surrogates reach the server as JSON escapes and raw bytes instead.
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/**
 * Random strings, types and bytes thrown at every route of the app's route table, with and without a valid token:
 * nothing answers 5xx, and nothing that is refused changes the database.
 */
describe(`bad input at every route (${ENGINE})`, () => {
  let server: TestServer;
  let routes: RouteEntry[];
  let token: string;
  let known: string[];
  let openApi: OpenApi;

  beforeAll(async () => {
    server = await startServer();
    token = await server.token();
    const userId = await createUser(server, { email: 'fuzz@example.com', username: 'fuzzy' });
    const identityId = (await server.api('GET', `/api/v1/users/${userId}/identities`)).body.identities[0].id as string;
    known = [userId, identityId, 'fuzz@example.com', 'fuzzy'];
    routes = routeTable(server.app);
    openApi = server.app.swagger() as unknown as OpenApi;
  });

  /** The query parameters the OpenAPI document gives a route (the Management API's), or none. */
  const documentedNames = (route: RouteEntry): string[] => {
    const operation = openApi.paths[route.url.replace(/:([a-z_]+)/g, '{$1}')]?.[route.method.toLowerCase()];
    const names = (operation?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    return names.length ? names : PARAMETER_NAMES;
  };
  afterAll(async () => server?.close());

  it('reads a route table that covers every part of the app', () => {
    const urls = new Set(routes.map((r) => r.url));
    for (const url of ['/api/v1/users/:user_id/identities', '/oauth2/token', '/auth/sign-in/password', '/logout', '/healthz'])
      expect(urls).toContain(url);
  });

  it('answers no 5xx, and a refused request changes nothing', async () => {
    const text = fc.oneof(
      { arbitrary: fc.constantFrom('\0', 'a\0', '\u0001', '\t', '\n', '\ud800', '\udc00x'), weight: 3 },
      { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 },
      {
        arbitrary: fc.constantFrom('', 'true', '-1', '1e309', 'NaN', '__proto__', 'constructor', '*', '..', '2016-12-31T23:59:60Z'),
        weight: 1,
      },
      // Values that get a request past its first checks, so the bad ones beside them reach deeper.
      { arbitrary: fc.constantFrom('client_credentials', 'authorization_code', 'refresh_token', 'code', 'openid', ...known), weight: 3 },
      { arbitrary: fc.integer().map(String), weight: 1 },
    );
    const encodedText = fc.oneof(
      { arbitrary: text.map((t) => percentEncoded(utf8(t))), weight: 4 },
      { arbitrary: fc.uint8Array({ maxLength: 12 }).map(percentEncoded), weight: 1 },
    );
    // The names a route's schema documents come first, so a refusal of unknown names does not hide what follows.
    const queryFor = (names: string[]) =>
      fc
        .uniqueArray(
          fc.tuple(
            fc.oneof(
              { arbitrary: fc.constantFrom(...names), weight: 5 },
              { arbitrary: fc.constantFrom(...PARAMETER_NAMES), weight: 2 },
              { arbitrary: encodedText, weight: 1 },
            ),
            encodedText,
          ),
          { selector: ([key]) => key, maxLength: 2 },
        )
        .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
    const query = queryFor(PARAMETER_NAMES);
    const body = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue({ maxDepth: 3 }).map((value) => ({ type: 'application/json', bytes: utf8(JSON.stringify(value) ?? 'null') })),
      fc.dictionary(fc.constantFrom('given_name', 'picture', 'type', 'value', 'token', 'client_id', 'email'), text).map((value) => ({
        type: 'application/json',
        // JSON.stringify writes a lone surrogate as a \u escape, which the parser turns back into one.
        bytes: utf8(JSON.stringify(value)),
      })),
      query.map((q) => ({ type: 'application/x-www-form-urlencoded', bytes: utf8(q) })),
      fc.record({
        type: fc.oneof(fc.constantFrom(...CONTENT_TYPES), fc.string({ maxLength: 30 })),
        bytes: fc.uint8Array({ maxLength: 200 }),
      }),
    );
    const request = fc.constantFrom(...routes).chain((route) =>
      fc.record({
        route: fc.constant(route),
        query: queryFor(documentedNames(route)),
        params: fc.array(encodedText, { minLength: 4, maxLength: 4 }),
        body,
        auth: fc.constantFrom('token', 'token', 'token', 'none', 'garbage', 'basic'),
        cookie: fc.option(encodedText, { nil: undefined }),
      }),
    );

    let sent = 0;
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(request, async ({ route, params, query, body, auth, cookie }) => {
        let index = 0;
        const path = route.url.replace(/:[a-z_]+/g, () => params[index++] || 'x').replace('*', () => params[3] || 'x');
        const headers: Record<string, string> = {};
        if (auth === 'token') headers.authorization = `Bearer ${token}`;
        if (auth === 'garbage') headers.authorization = `Bearer ${params[0] || 'x'}`;
        if (auth === 'basic') headers.authorization = `Basic ${Buffer.from(decodeURIComponentSafe(params[0]!) + ':x').toString('base64')}`;
        if (cookie !== undefined) headers.cookie = `roster_session=${cookie}; roster_csrf=${cookie}`;
        const withBody = body !== undefined && !['GET', 'HEAD'].includes(route.method);
        if (withBody && /^[\t\x20-\x7e]*$/.test(body.type)) headers['content-type'] = body.type;
        const before = await snapshotEveryTable(server.roster.database.db);
        const response = await fetch(`${server.url}${path}${query ? `?${query}` : ''}`, {
          method: route.method,
          headers,
          body: withBody ? body.bytes : undefined,
          redirect: 'manual',
          signal: AbortSignal.timeout(10_000),
        });
        const answer = await response.text();
        sent++;
        const described = `${route.method} ${path}?${query} [${withBody ? body.type : 'no body'}] → ${response.status} ${answer.slice(0, 300)}`;
        const changed = response.status >= 400 && !isDeepStrictEqual(await snapshotEveryTable(server.roster.database.db), before);
        // Kept outside fast-check too: a failure found while the time limit cuts its shrinking short still counts.
        if (response.status >= 500 || changed) failures.push(`${changed ? 'changed the database: ' : ''}${described}`);
        expect(response.status, described).toBeLessThan(500);
        expect(changed, described).toBe(false);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
    );
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(100);
  }, 120_000);
});

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
