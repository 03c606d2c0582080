import { generateAuthUrl, MemoryStorage, setActiveStorage } from '@kinde/js-utils';
import { createKindeServerClient, GrantType } from '@kinde-oss/kinde-typescript-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/secrets.js';
import { createApplication } from '../../src/services/applications.js';
import { MemorySession } from '../support/kinde-session.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';
import { hop, signedInUser } from './authorize-support.js';

const REDIRECT = 'http://localhost:3000/api/auth/kinde_callback';

/** js-utils' IssuerRouteTypes values (its enum is not visible to TypeScript under NodeNext resolution). */
type RouteType = Parameters<typeof generateAuthUrl>[1];
const LOGIN = 'login' as RouteType;
const REGISTER = 'registration' as RouteType;

/** The authorize URLs Kinde's own libraries build are accepted as they are, extras and all. */
describe(`authorize URLs built by Kinde's SDKs (${ENGINE})`, () => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startServer();
    cookie = (await signedInUser(server)).token;
  });
  afterAll(() => server.close());

  const codeFor = async (url: URL) => {
    const answer = await hop(server, url.pathname + url.search, cookie);
    expect(answer.status, answer.body).toBe(302);
    const callback = new URL(answer.location!);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT);
    expect(callback.searchParams.get('error'), callback.searchParams.get('error_description') ?? '').toBeNull();
    return {
      callback,
      row: await server.roster.database.db
        .selectFrom('authorization_codes')
        .selectAll()
        .where('code_hash', '=', hashSecret(callback.searchParams.get('code')!))
        .executeTakeFirstOrThrow(),
    };
  };

  it('@kinde-oss/kinde-typescript-sdk, authorization code with a secret, with audiences and extra parameters', async () => {
    const web = await createApplication(server.roster, { type: 'web', name: 'ts sdk', redirect_uris: [REDIRECT] });
    const client = createKindeServerClient(GrantType.AUTHORIZATION_CODE, {
      authDomain: server.url,
      clientId: web.client_id,
      clientSecret: web.client_secret,
      redirectURL: REDIRECT,
      audience: ['https://a.example.com', 'https://b.example.com'],
    });
    const session = new MemorySession();
    const url = await client.login(session, { authUrlParams: { lang: 'en', login_hint: 'joe@blogs.com', connection_id: 'conn_x' } });
    const { callback, row } = await codeFor(url);
    expect(callback.searchParams.get('state')).toBe(session.items['ac-state-key']);
    expect(JSON.parse(row.audience)).toEqual(['https://a.example.com', 'https://b.example.com']);
    expect(row.scope).toBe('openid profile email offline');
  });

  it('@kinde-oss/kinde-typescript-sdk, server-side PKCE', async () => {
    const spa = await createApplication(server.roster, { type: 'spa', name: 'ts sdk pkce', redirect_uris: [REDIRECT] });
    const client = createKindeServerClient(GrantType.PKCE, { authDomain: server.url, clientId: spa.client_id, redirectURL: REDIRECT });
    const { row } = await codeFor(await client.login(new MemorySession()));
    expect(row.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('@kinde/js-utils, login with an empty audience and a nonce, and register', async () => {
    const spa = await createApplication(server.roster, { type: 'spa', name: 'js-utils', redirect_uris: [REDIRECT] });
    setActiveStorage(new MemoryStorage());
    const login = await generateAuthUrl(server.url, LOGIN, { clientId: spa.client_id, redirectURL: REDIRECT, audience: '' });
    const { callback, row } = await codeFor(login.url);
    expect(callback.searchParams.get('state')).toBe(login.state);
    expect(row.nonce).toBe(login.nonce);

    const register = await generateAuthUrl(server.url, REGISTER, {
      clientId: spa.client_id,
      redirectURL: REDIRECT,
      prompt: 'create' as never,
    });
    const answer = await hop(server, register.url.pathname + register.url.search, cookie);
    expect(answer.location).toMatch(/^\/auth\/sign-up\?request=/);
  });
});
