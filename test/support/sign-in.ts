import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import {
  createM2mApp,
  requestToken,
  runRosterJson,
  serveDatabase,
  stopAllServers,
  storeArgs,
  storeEnv,
  type CreatedApp,
  type ServeProcess,
} from './cli.js';
import { FormClient, type Page } from './form-client.js';
import { freePort, freshDatabase, type TestDatabase } from './roster.js';

/** An application made with `roster apps create`; web and m2m ones have a secret. */
export interface ClientApp {
  client_id: string;
  client_secret?: string;
  type: string;
  name: string;
}

export interface AppOptions {
  type: 'web' | 'spa' | 'm2m';
  name?: string;
  redirectUris?: string[];
  logoutUris?: string[];
  origins?: string[];
  scopes?: string;
}

export interface OutboxMessage {
  id: string;
  channel: string;
  recipient: string;
  subject: string;
  body: string;
  created_on: string;
}

export interface Profile {
  email: string;
  given_name: string;
  family_name: string;
  password?: string;
}

/** A redirect URI nobody listens on: the tests read the callback from the Location header and never follow it. */
export const callbackUri = (name: string) => `http://localhost:3999/${name}/callback`;

export const randomEmail = (label = 'user') => `${label}.${randomBytes(4).toString('hex')}@example.com`;

/** The only run of exactly six digits in a message; throws when there are none or several. */
export function sixDigitCode(body: string): string {
  const runs = [...body.matchAll(/(?<!\d)\d{6}(?!\d)/g)].map((m) => m[0]);
  if (runs.length !== 1) throw new Error(`expected exactly one 6-digit code in the message, found ${runs.length}:\n${body}`);
  return runs[0]!;
}

export function createClientApp(database: TestDatabase, options: AppOptions): Promise<ClientApp> {
  const args = ['apps', 'create', '--type', options.type, '--name', options.name ?? `${options.type} app`, '--json'];
  for (const uri of options.redirectUris ?? []) args.push('--redirect-uri', uri);
  for (const uri of options.logoutUris ?? []) args.push('--logout-uri', uri);
  for (const origin of options.origins ?? []) args.push('--origin', origin);
  if (options.scopes) args.push('--scopes', options.scopes);
  return runRosterJson<ClientApp>([...args, ...storeArgs(database)], { env: storeEnv(database) });
}

export function readOutbox(database: TestDatabase): Promise<OutboxMessage[]> {
  return runRosterJson<OutboxMessage[]>(['outbox', '--json', ...storeArgs(database)], { env: storeEnv(database) });
}

export interface SignInServer {
  database: TestDatabase;
  server: ServeProcess;
  /** http://127.0.0.1:PORT, also the issuer. */
  url: string;
  m2m: CreatedApp;
  /** A Management API call with an M2M token for every scope. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  app(options: AppOptions): Promise<ClientApp>;
  outbox(): Promise<OutboxMessage[]>;
  /** The code in the newest message to `recipient` created at or after `since` (ISO time); waits up to 10 s for it. */
  codeFor(recipient: string, since: string): Promise<string>;
}

/** Inside a describe: `roster serve` on a fresh database with an all-scopes M2M app, stopped and dropped afterwards. */
export function useSignInServer(name: string): SignInServer {
  const fixture = {} as SignInServer;
  let token: string | undefined;
  beforeAll(async () => {
    fixture.database = await freshDatabase();
    fixture.m2m = await createM2mApp(fixture.database, `${name} management`, 'all');
    fixture.server = await serveDatabase(fixture.database, await freePort());
    fixture.url = fixture.server.url;
  });
  afterAll(async () => {
    await stopAllServers();
    await fixture.database?.drop();
  });
  fixture.api = async (method, path, body) => {
    if (!token) {
      const minted = await requestToken(fixture.url, fixture.m2m);
      if (minted.status !== 200) throw new Error(`M2M token: ${minted.status} ${JSON.stringify(minted.body)}`);
      token = minted.body.access_token as string;
    }
    const response = await fetch(fixture.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  fixture.app = (options) => createClientApp(fixture.database, options);
  fixture.outbox = () => readOutbox(fixture.database);
  fixture.codeFor = async (recipient, since) => {
    const deadline = Date.now() + 10_000;
    for (let attempt = 0; attempt < 10 && Date.now() < deadline; attempt++) {
      const fresh = (await fixture.outbox()).filter((m) => m.recipient.toLowerCase() === recipient.toLowerCase() && m.created_on >= since);
      const newest = fresh.at(-1);
      if (newest) return sixDigitCode(newest.body);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`no new message to ${recipient} in the outbox`);
  };
  return fixture;
}

export interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  scope?: string;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  prompt?: string;
  loginHint?: string;
  extra?: Record<string, string>;
}

export function authorizeUrl(base: string, p: AuthorizeParams): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    scope: p.scope ?? 'openid profile email offline',
    state: p.state ?? randomBytes(12).toString('hex'),
    ...(p.nonce ? { nonce: p.nonce } : {}),
    ...(p.codeChallenge ? { code_challenge: p.codeChallenge, code_challenge_method: 'S256' } : {}),
    ...(p.prompt ? { prompt: p.prompt } : {}),
    ...(p.loginHint ? { login_hint: p.loginHint } : {}),
    ...p.extra,
  });
  return `${base}/oauth2/auth?${query}`;
}

/** Whether a Location is the app's redirect URI with something appended (`?code=…`). */
export const isCallbackTo = (redirectUri: string) => (location: string) =>
  location === redirectUri ||
  location.startsWith(`${redirectUri}?`) ||
  location.startsWith(`${redirectUri}#`) ||
  location.startsWith(`${redirectUri}&`);

const describePage = (page: Page) => `${page.status} ${page.url}${page.location ? ` -> ${page.location}` : ''}\n${page.html.slice(0, 800)}`;

/** Follows an authorize URL to the hosted page it leads to (sign-in or sign-up); throws if it ends anywhere else. */
export async function openHostedPage(client: FormClient, url: string, path = '/auth/sign-in'): Promise<Page> {
  const home = new URL(url).origin;
  const page = await client.follow(url, (location) => new URL(location).origin !== home);
  if (page.status !== 200 || new URL(page.url).pathname !== path) throw new Error(`expected the ${path} page, got ${describePage(page)}`);
  return page;
}

/** From a POST on a hosted page, follows the redirects; returns the unfollowed redirect to the app, or the page it stops at. */
export function finish(client: FormClient, answer: Page, redirectUri: string): Promise<Page> {
  return client.follow(answer.url, isCallbackTo(redirectUri), answer);
}

/** The callback URL (`redirect_uri?code=…&state=…`) a finished sign-in redirects to; throws with the page otherwise. */
export function callbackOf(page: Page, redirectUri: string): string {
  if (!page.location || !isCallbackTo(redirectUri)(page.location))
    throw new Error(`expected a redirect to ${redirectUri}, got ${describePage(page)}`);
  return page.location;
}

/** The sign-in page's first step: the identifier, then Continue, to the page of what it can do. */
export async function continueWith(client: FormClient, signInPage: Page, identifier: string, country?: string): Promise<Page> {
  const answer = await client.submit(signInPage, '/auth/sign-in', { identifier, ...(country ? { country } : {}) });
  const page = await client.follow(answer.url, () => false, answer);
  if (page.status !== 200 || new URL(page.url).pathname !== '/auth/sign-in/continue')
    throw new Error(`expected the page after the identifier, got ${describePage(page)}`);
  return page;
}

/** On a sign-in page: the identifier, Continue, the password, and whatever follows. */
export async function submitPassword(
  client: FormClient,
  signInPage: Page,
  identifier: string,
  password: string,
  redirectUri: string,
): Promise<Page> {
  const methods = await continueWith(client, signInPage, identifier);
  return finish(client, await client.submit(methods, '/auth/sign-in/password', { password }), redirectUri);
}

/** Posts a form whose success is a redirect to the next page (post/redirect/get), and fetches that page. */
async function submitAndFollow(client: FormClient, page: Page, action: string, values: Record<string, string>): Promise<Page> {
  const answer = await client.submit(page, action, values);
  return client.follow(answer.url, () => false, answer);
}

/** Authorize URL → sign-in page → password → the callback URL. */
export async function signInWithPassword(
  client: FormClient,
  url: string,
  identifier: string,
  password: string,
  redirectUri: string,
): Promise<string> {
  const page = await openHostedPage(client, url);
  return callbackOf(await submitPassword(client, page, identifier, password, redirectUri), redirectUri);
}

/** Authorize URL → sign-in page → code sent to `identifier` → code from the outbox → the callback URL. */
export async function signInWithCode(
  client: FormClient,
  server: SignInServer,
  url: string,
  identifier: string,
  redirectUri: string,
): Promise<string> {
  const methods = await continueWith(client, await openHostedPage(client, url), identifier);
  const since = new Date().toISOString();
  const verify = await submitAndFollow(client, methods, '/auth/sign-in/code', {});
  if (verify.status !== 200) throw new Error(`sending a code: ${describePage(verify)}`);
  const code = await server.codeFor(identifier, since);
  return callbackOf(await finish(client, await client.submit(verify, '/auth/verify', { code }), redirectUri), redirectUri);
}

/** Authorize URL with prompt=create → sign-up form → code from the outbox → the callback URL. */
export async function signUp(
  client: FormClient,
  server: SignInServer,
  url: string,
  profile: Profile,
  redirectUri: string,
): Promise<string> {
  const page = await openHostedPage(client, url, '/auth/sign-up');
  const since = new Date().toISOString();
  const { password, ...names } = profile;
  const verify = await submitAndFollow(client, page, '/auth/sign-up', { ...names, ...(password ? { password } : {}) });
  if (verify.status !== 200) throw new Error(`signing up: ${describePage(verify)}`);
  const code = await server.codeFor(profile.email, since);
  return callbackOf(await finish(client, await client.submit(verify, '/auth/verify', { code }), redirectUri), redirectUri);
}

/** POST /oauth2/token with a form body, as Kinde's clients send it. */
export async function tokenRequest(
  base: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', ...headers },
    body: new URLSearchParams(params),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // left as text for the assertion message
  }
  return { status: response.status, body };
}

/** The code in a callback URL (and its state). */
export function codeOf(callback: string): { code: string; state: string | null } {
  const params = new URL(callback).searchParams;
  const code = params.get('code');
  if (!code) throw new Error(`no code in ${callback}`);
  return { code, state: params.get('state') };
}

/** Redeems a callback's code for a web app (client_secret_post) and returns the token response, which must be 200. */
export async function redeem(base: string, app: ClientApp, callback: string, redirectUri: string, extra: Record<string, string> = {}) {
  const result = await tokenRequest(base, {
    grant_type: 'authorization_code',
    code: codeOf(callback).code,
    redirect_uri: redirectUri,
    client_id: app.client_id,
    ...(app.client_secret ? { client_secret: app.client_secret } : {}),
    ...extra,
  });
  if (result.status !== 200) throw new Error(`code exchange: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body as {
    access_token: string;
    id_token: string;
    refresh_token?: string;
    expires_in: number;
    scope: string;
    token_type: string;
  };
}

export function refresh(base: string, app: ClientApp, refreshToken: string) {
  return tokenRequest(base, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: app.client_id,
    ...(app.client_secret ? { client_secret: app.client_secret } : {}),
  });
}

/** A user with a password, signed up through the pages with its own cookie jar; returns the user's id. */
export async function signUpUser(server: SignInServer, app: ClientApp, redirectUri: string, profile: Profile): Promise<string> {
  const client = new FormClient();
  // A challenge whatever the app: SPAs must use PKCE, and web apps may.
  const codeChallenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
  await signUp(
    client,
    server,
    authorizeUrl(server.url, { clientId: app.client_id, redirectUri, prompt: 'create', codeChallenge }),
    profile,
    redirectUri,
  );
  const found = await server.api('GET', `/api/v1/users?email=${encodeURIComponent(profile.email)}`);
  const id = found.body?.users?.[0]?.id;
  if (!id) throw new Error(`the signed-up user ${profile.email} is not found: ${JSON.stringify(found.body)}`);
  return id as string;
}

export { FormClient };
