import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import { createApplication } from '../../src/services/applications.js';
import { issueAuthorizationCode, type NewAuthorizationCode } from '../../src/services/authorization-codes.js';
import type { Roster } from '../../src/services/context.js';
import { startSession } from '../../src/services/sessions.js';
import { createUser } from '../../src/services/users.js';
import { startServer, type TestServer } from '../support/roster.js';

// What the token grants need, made without the hosted pages: applications, users with sessions, and authorization
// codes issued the way the authorize endpoint issues them.

export const REDIRECT_URI = 'http://localhost:3999/callback';
const DEFAULT_SCOPE = 'openid profile email offline';

export interface Client {
  client_id: string;
  client_secret?: string;
}

export type SignInApps = Awaited<ReturnType<typeof signInApps>>;

export async function signInApps(roster: Roster) {
  const web = (await createApplication(roster, { type: 'web', name: 'web app', redirect_uris: [REDIRECT_URI] })) as Client & {
    client_secret: string;
  };
  const otherWeb = (await createApplication(roster, { type: 'web', name: 'other web app', redirect_uris: [REDIRECT_URI] })) as Client & {
    client_secret: string;
  };
  const spa = (await createApplication(roster, {
    type: 'spa',
    name: 'spa',
    redirect_uris: [REDIRECT_URI],
    origins: ['http://localhost:3999'],
  })) as Client;
  const m2m = (await createApplication(roster, { type: 'm2m', name: 'back office', scopes: 'all' })) as Client & { client_secret: string };
  return { web, otherWeb, spa, m2m };
}

/** Inside a describe: a server with the sign-in applications, started before its tests and closed after them. */
export function useTokenServer(): { server: TestServer; apps: SignInApps } {
  const server = {} as TestServer;
  const apps = {} as SignInApps;
  beforeAll(async () => {
    Object.assign(server, await startServer());
    Object.assign(apps, await signInApps(server.roster));
  });
  afterAll(() => server.close?.());
  return { server, apps };
}

export interface UserSpec {
  email?: string;
  phone?: string;
  username?: string;
  givenName?: string;
  familyName?: string;
}

export const uniqueEmail = (label = 'user') => `${label}.${randomBytes(4).toString('hex')}@example.com`;

/** A user with these identities (the first of each type is primary) and a live session. */
export async function signedInUser(roster: Roster, spec: UserSpec = { email: uniqueEmail() }) {
  const identities = [];
  if (spec.email) identities.push({ type: 'email', is_verified: true, details: { email: spec.email } });
  if (spec.phone) identities.push({ type: 'phone', details: { phone: spec.phone } });
  if (spec.username) identities.push({ type: 'username', details: { username: spec.username } });
  const profile = {
    ...(spec.givenName ? { given_name: spec.givenName } : {}),
    ...(spec.familyName ? { family_name: spec.familyName } : {}),
  };
  const created = await createUser(roster, { profile, identities }, CLI_ACTOR);
  const { session, token } = await startSession(roster.database.db, {
    userId: created.user.id,
    identityId: created.identities[0]?.id ?? null,
  });
  return { userId: created.user.id, identities: created.identities, session, sessionToken: token };
}

export type CodeOptions = Partial<NewAuthorizationCode> & Pick<NewAuthorizationCode, 'clientId' | 'userId' | 'sessionId'>;

export function codeFor(roster: Roster, options: CodeOptions, now?: Date): Promise<string> {
  return issueAuthorizationCode(
    roster.database.db,
    { redirectUri: REDIRECT_URI, scope: DEFAULT_SCOPE, audience: [], nonce: null, codeChallenge: null, ...options },
    now,
  );
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('hex').slice(0, 50);
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface SignInOptions extends Pick<Partial<NewAuthorizationCode>, 'scope' | 'nonce' | 'audience'> {
  user?: UserSpec;
}

/**
 * A new user signed in to `client` and the code redeemed, as Kinde's SDKs do it (with PKCE for a client without a
 * secret); fails unless tokens come back. Returns the user and the token response.
 */
export async function signInThrough(server: TestServer, client: Client, options: SignInOptions = {}) {
  const { scope = DEFAULT_SCOPE, nonce = null, audience = [] } = options;
  const user = await signedInUser(server.roster, options.user);
  const pkce = client.client_secret === undefined ? pkcePair() : undefined;
  const code = await codeFor(server.roster, {
    clientId: client.client_id,
    userId: user.userId,
    sessionId: user.session.id,
    scope,
    nonce,
    audience,
    codeChallenge: pkce?.challenge ?? null,
  });
  const response = await redeemCode(server, client, code, pkce ? { code_verifier: pkce.verifier } : {});
  expectTokens(response, scope.split(' ').includes('offline'));
  return { user, tokens: response.body as Record<string, string> };
}

export interface FormResponse {
  status: number;
  headers: Headers;
  body: any;
}

export async function postForm(
  server: TestServer,
  path: string,
  fields: Record<string, string | undefined>,
  headers: Record<string, string> = {},
): Promise<FormResponse> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) params.append(name, value);
  const response = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', ...headers },
    body: params.toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** The ts SDK's code exchange: client_secret_post for a web app, code_verifier for PKCE. */
export function redeemCode(
  server: TestServer,
  client: Client,
  code: string,
  extra: Record<string, string | undefined> = {},
): Promise<FormResponse> {
  return postForm(server, '/oauth2/token', {
    grant_type: 'authorization_code',
    client_id: client.client_id,
    client_secret: client.client_secret,
    redirect_uri: REDIRECT_URI,
    code,
    ...extra,
  });
}

export function refreshWith(
  server: TestServer,
  client: Client,
  refreshToken: string,
  extra: Record<string, string | undefined> = {},
): Promise<FormResponse> {
  return postForm(server, '/oauth2/token', {
    grant_type: 'refresh_token',
    client_id: client.client_id,
    client_secret: client.client_secret,
    refresh_token: refreshToken,
    ...extra,
  });
}

export function expectOAuthError(response: FormResponse, status: number, error: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.body.error).toBe(error);
  expect(response.body.error_description).toBeTypeOf('string');
  expect(response.body).not.toHaveProperty('access_token');
}

export function expectTokens(response: FormResponse, withRefresh = true): void {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.body).toMatchObject({
    access_token: expect.any(String),
    id_token: expect.any(String),
    token_type: 'bearer',
    expires_in: expect.any(Number),
  });
  if (withRefresh) expect(response.body.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  else expect(response.body).not.toHaveProperty('refresh_token');
}
