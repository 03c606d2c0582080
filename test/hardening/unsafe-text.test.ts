import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.js';
import { ENGINE } from '../support/roster.js';
import {
  authorizeUrl,
  callbackUri,
  FormClient,
  openHostedPage,
  randomEmail,
  signInWithPassword,
  signUpUser,
  useSignInServer,
  type ClientApp,
} from '../support/sign-in.js';
import { snapshotEveryTable } from '../support/snapshot.js';

interface Answer {
  status: number;
  type: string;
  text: string;
}

/**
 * Control characters and unpaired surrogates, in every kind of text input, are refused at the edge with the 4xx the
 * route gives any bad input (a page, OAuth error JSON or Kinde's envelope), and nothing in the database changes.
 */
describe(`text inputs with NUL, controls or unpaired surrogates (${ENGINE})`, () => {
  const server = useSignInServer('unsafe-text');
  const redirect = callbackUri('unsafe');
  const password = 'Unsafe-Text-Probe-42';
  let web: ClientApp;
  let email: string;
  let userId: string;
  let signedIn: FormClient;
  let database: Database;
  let token: string;

  beforeAll(async () => {
    web = await server.app({ type: 'web', name: 'Web', redirectUris: [redirect] });
    email = randomEmail('nul');
    userId = await signUpUser(server, web, redirect, { email, given_name: 'Nul', family_name: 'Probe', password });
    signedIn = new FormClient();
    await signInWithPassword(
      signedIn,
      authorizeUrl(server.url, { clientId: web.client_id, redirectUri: redirect }),
      email,
      password,
      redirect,
    );
    database = openDatabase({ databaseUrl: server.database.config.databaseUrl, dataDir: server.database.config.dataDir });
    const minted = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: server.m2m.client_id,
        client_secret: server.m2m.client_secret,
      }),
    });
    token = ((await minted.json()) as { access_token: string }).access_token;
  });
  afterAll(async () => database?.close());

  const send = async (path: string, init: RequestInit = {}): Promise<Answer> => {
    const response = await fetch(server.url + path, { redirect: 'manual', signal: AbortSignal.timeout(10_000), ...init });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  };
  const form = (fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  const json = (method: string, body: string): RequestInit => ({
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });
  const bearer = (): RequestInit => ({ headers: { authorization: `Bearer ${token}` } });

  const oauthError = (answer: Answer) => {
    expect(answer.status, answer.text).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ error: 'invalid_request' });
  };
  const kindeError = (field: string) => (answer: Answer) => {
    expect(answer.status, answer.text).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ errors: [{ code: 'INVALID_REQUEST', field }] });
  };
  const errorPage = (answer: Answer) => {
    expect(answer.status, answer.text).toBe(400);
    expect(answer.type).toMatch(/^text\/html/);
    expect(answer.text).toContain('control character');
  };

  const authorize = (extra: Record<string, string>) =>
    `/oauth2/auth?${new URLSearchParams({ response_type: 'code', client_id: web.client_id, redirect_uri: redirect, scope: 'openid', state: 's', ...extra })}`;

  const CASES: [string, () => Promise<Answer>, (answer: Answer) => void][] = [
    [
      'client_id=%00 at /oauth2/token',
      () => send('/oauth2/token', form({ grant_type: 'client_credentials', client_id: '\0' })),
      oauthError,
    ],
    [
      'a NUL in HTTP Basic credentials at /oauth2/token',
      () =>
        send(
          '/oauth2/token',
          form({ grant_type: 'client_credentials' }, { authorization: `Basic ${Buffer.from('a%00b:secret').toString('base64')}` }),
        ),
      oauthError,
    ],
    ['token=%01 at /oauth2/introspect', () => send('/oauth2/introspect', form({ token: 'abc\u0001' })), oauthError],
    ['client_id=%00 at /oauth2/auth', () => send('/oauth2/auth?response_type=code&client_id=%00'), errorPage],
    ['request=a%00 at /oauth2/auth/resume', () => send('/oauth2/auth/resume?request=a%00'), errorPage],
    [
      'nonce=%00 with a live session',
      async () => {
        const page = await signedIn.get(server.url + authorize({ nonce: '\0' }));
        return { status: page.status, type: 'text/html', text: page.html };
      },
      errorPage,
    ],
    ['a NUL in a broken escape (%ZZ%00) of the query', () => send('/oauth2/auth?client_id=%ZZ%00'), errorPage],
    [
      'an identifier with NUL on the sign-in form',
      () => send('/auth/sign-in/password', form({ identifier: 'a\0b', password: 'x' })),
      errorPage,
    ],
    ['GET /api/v1/users?user_id=%00', () => send('/api/v1/users?user_id=%00', bearer()), kindeError('user_id')],
    ['a tab in a query value', () => send('/api/v1/users?email=a%09b%40example.com', bearer()), kindeError('email')],
    ['a NUL in a path parameter', () => send('/api/v1/users/kp_%00/identities', bearer()), kindeError('user_id')],
    [
      'profile.picture with NUL on create',
      () => send('/api/v1/user', json('POST', JSON.stringify({ profile: { picture: 'https://example.com/a\u0000.png' } }))),
      kindeError('profile.picture'),
    ],
    [
      'a lone surrogate in picture on update',
      () => send(`/api/v1/user?id=${userId}`, json('PATCH', '{"picture":"https://example.com/\\ud800.png"}')),
      kindeError('picture'),
    ],
    [
      'a lone low surrogate in a given name',
      () => send(`/api/v1/user?id=${userId}`, json('PATCH', '{"given_name":"Ann\\udc00"}')),
      kindeError('given_name'),
    ],
    [
      'a NUL in a JSON key',
      () => send(`/api/v1/user?id=${userId}`, json('PATCH', '{"given\\u0000name":"Ann"}')),
      kindeError('given\0name'),
    ],
  ];

  it.each(CASES)('%s: refused, nothing written', async (_name, request, expectRefusal) => {
    const before = await snapshotEveryTable(database.db);
    expectRefusal(await request());
    expect(await snapshotEveryTable(database.db)).toEqual(before);
  });

  it('a cookie whose value decodes to a control character is ignored, not an error', async () => {
    const answer = await send('/auth/sign-in', { headers: { cookie: 'roster_session=%00; roster_csrf=%01' } });
    expect(answer.status).toBe(200);
  });

  it('a paired surrogate (an emoji) is ordinary text and accepted', async () => {
    const answer = await send(`/api/v1/user?id=${userId}`, json('PATCH', JSON.stringify({ given_name: 'Nul 🙂' })));
    expect(answer.status, answer.text).toBe(200);
    const page = await openHostedPage(new FormClient(), server.url + authorize({ nonce: 'n-🙂' }));
    expect(page.status).toBe(200);
  });
});
