import { createKindeServerClient, GrantType } from '@kinde-oss/kinde-typescript-sdk';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemorySession } from '../support/kinde-session.js';
import { ENGINE } from '../support/roster.js';
import {
  authorizeUrl,
  callbackUri,
  FormClient,
  isCallbackTo,
  randomEmail,
  refresh,
  signInWithCode,
  signInWithPassword,
  signUpUser,
  useSignInServer,
  type ClientApp,
} from '../support/sign-in.js';

/**
 * Kinde's TypeScript SDK (@kinde-oss/kinde-typescript-sdk 2.15.1), unchanged, against a spawned `roster serve`: the
 * server-side authorization-code flow with a secret and the PKCE flow, with the browser hop played by a cookie jar
 * that posts the hosted sign-in forms.
 */
describe(`@kinde-oss/kinde-typescript-sdk against roster serve (${ENGINE})`, () => {
  const server = useSignInServer('kinde-ts-sdk');
  const webRedirect = callbackUri('web');
  const webLogout = 'http://localhost:3999/web/signed-out';
  const spaRedirect = callbackUri('spa');
  const password = 'Lighthouse-keeper-1843';
  const ada = { email: randomEmail('ada'), given_name: 'Ada', family_name: 'Lovelace', password };
  let web: ClientApp;
  let spa: ClientApp;
  let adaId: string;

  const webClient = () =>
    createKindeServerClient(GrantType.AUTHORIZATION_CODE, {
      authDomain: server.url,
      clientId: web.client_id,
      clientSecret: web.client_secret!,
      redirectURL: webRedirect,
      logoutRedirectURL: webLogout,
    });
  const spaClient = () =>
    createKindeServerClient(GrantType.PKCE, { authDomain: server.url, clientId: spa.client_id, redirectURL: spaRedirect });

  /** The SDK's login URL, signed in through the pages by `browser`, handed back to the SDK. */
  async function logIn(client: ReturnType<typeof webClient>, session: MemorySession, browser: FormClient, redirect: string) {
    const url = await client.login(session);
    const callback = await signInWithPassword(browser, url.toString(), ada.email, password, redirect);
    expect(new URL(callback).searchParams.get('state')).toBe(url.searchParams.get('state'));
    await client.handleRedirectToApp(session, new URL(callback));
  }

  beforeAll(async () => {
    [web, spa] = await Promise.all([
      server.app({ type: 'web', name: 'SDK web', redirectUris: [webRedirect], logoutUris: [webLogout] }),
      server.app({ type: 'spa', name: 'SDK spa', redirectUris: [spaRedirect], origins: ['http://localhost:3999'] }),
    ]);
    adaId = await signUpUser(server, web, webRedirect, ada);
  });

  it('the secret is one the SDK accepts (40 to 60 alphanumerics)', () => {
    expect(web.client_secret).toMatch(/^[a-zA-Z0-9]{40,60}$/);
    expect(spa.client_secret).toBeUndefined();
  });

  it('authorization code with a secret: getUser, getUserProfile, getToken and claims', async () => {
    const client = webClient();
    const session = new MemorySession();
    await logIn(client, session, new FormClient(), webRedirect);

    expect(await client.isAuthenticated(session)).toBe(true);
    expect(await client.getUser(session)).toMatchObject({ id: adaId, email: ada.email, given_name: 'Ada', family_name: 'Lovelace' });
    const profile = (await client.getUserProfile(session)) as unknown as Record<string, unknown>;
    expect(profile).toMatchObject({ id: adaId, email: ada.email, given_name: 'Ada', family_name: 'Lovelace' });

    const token = await client.getToken(session);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ iss: server.url, sub: adaId });
    expect(claims.exp! - claims.iat!).toBeGreaterThan(0);
    expect(await client.getClaimValue(session, 'email', 'id_token')).toBe(ada.email);
    expect(await client.getClaimValue(session, 'aud', 'id_token')).toEqual([web.client_id]);
  });

  it('refreshTokens rotates the refresh token and keeps the user signed in', async () => {
    const client = webClient();
    const session = new MemorySession();
    await logIn(client, session, new FormClient(), webRedirect);
    const before = session.items.refresh_token as string;
    expect(before).toEqual(expect.any(String));

    const refreshed = await client.refreshTokens(session);
    expect(refreshed.access_token).toEqual(expect.any(String));
    expect(session.items.refresh_token).toEqual(refreshed.refresh_token);
    expect(refreshed.refresh_token).not.toBe(before);
    expect(await client.getUser(session)).toMatchObject({ id: adaId, email: ada.email });
    expect(decodeJwt(await client.getToken(session)).sub).toBe(adaId);
  });

  it('logout: the SDK’s URL ends the session and 302s to the registered logout URI', async () => {
    const client = webClient();
    const session = new MemorySession();
    const browser = new FormClient();
    await logIn(client, session, browser, webRedirect);
    const refreshToken = session.items.refresh_token as string;
    const silent = (state: string) =>
      authorizeUrl(server.url, { clientId: web.client_id, redirectUri: webRedirect, prompt: 'none', state });

    // While signed in, prompt=none answers with a code.
    const before = await browser.get(silent('alive'));
    expect(before.status).toBe(302);
    expect(new URL(before.location!).searchParams.get('code')).toEqual(expect.any(String));

    const logoutUrl = await client.logout(session);
    expect(logoutUrl.toString()).toBe(`${server.url}/logout?redirect=${webLogout}`);
    expect(await client.isAuthenticated(session)).toBe(false);
    const answer = await browser.get(logoutUrl.toString());
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(webLogout);

    const after = await browser.get(silent('gone'));
    expect(after.status).toBe(302);
    expect(isCallbackTo(webRedirect)(after.location!)).toBe(true);
    expect(Object.fromEntries(new URL(after.location!).searchParams)).toMatchObject({ error: 'login_required', state: 'gone' });
    expect((await refresh(server.url, web, refreshToken)).body).toMatchObject({ error: 'invalid_grant' });
  });

  it('PKCE (an SPA, no secret): sign in, getUser, refreshTokens', async () => {
    const client = spaClient();
    const session = new MemorySession();
    const url = await client.login(session);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const callback = await signInWithPassword(new FormClient(), url.toString(), ada.email, password, spaRedirect);
    await client.handleRedirectToApp(session, new URL(callback));

    expect(await client.getUser(session)).toMatchObject({ id: adaId, email: ada.email, given_name: 'Ada' });
    const first = await client.getToken(session);
    const refreshed = await client.refreshTokens(session);
    expect(refreshed.access_token).not.toBe(first);
    expect(decodeJwt(refreshed.access_token).sub).toBe(adaId);
    expect(await client.getClaimValue(session, 'aud', 'id_token')).toEqual([spa.client_id]);
  });

  it('a user made through the Management API signs in with an email code; getUser shows the phone', async () => {
    const email = randomEmail('grace');
    const created = await server.api('POST', '/api/v1/user', {
      profile: { given_name: 'Grace', family_name: 'Hopper' },
      identities: [
        { type: 'email', details: { email } },
        { type: 'phone', details: { phone: '0412 345 678', phone_country_id: 'au' } },
      ],
    });
    expect(created.status).toBe(200);

    const client = webClient();
    const session = new MemorySession();
    const url = await client.login(session);
    const callback = await signInWithCode(new FormClient(), server, url.toString(), email, webRedirect);
    await client.handleRedirectToApp(session, new URL(callback));
    expect(await client.getUser(session)).toMatchObject({
      id: created.body.id,
      email,
      phone: '+61412345678',
      given_name: 'Grace',
      family_name: 'Hopper',
    });
  });
});
