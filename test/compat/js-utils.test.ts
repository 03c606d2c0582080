import {
  exchangeAuthCode,
  frameworkSettings,
  generateAuthUrl,
  getClaim,
  getUserProfile,
  MemoryStorage,
  refreshToken,
  setActiveStorage,
  storageSettings,
} from '@kinde/js-utils';
import { decodeJwt } from 'jose';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENGINE } from '../support/roster.js';
import {
  callbackUri,
  FormClient,
  openHostedPage,
  randomEmail,
  signInWithPassword,
  signUp,
  signUpUser,
  useSignInServer,
  type ClientApp,
} from '../support/sign-in.js';

/** js-utils' IssuerRouteTypes values (its type declarations do not resolve under NodeNext). */
const IssuerRouteTypes = { login: 'login', register: 'registration' } as unknown as Record<
  'login' | 'register',
  Parameters<typeof generateAuthUrl>[1]
>;

/**
 * @kinde/js-utils 0.32.1, the token layer of kinde-auth-react and the newer SDKs, against a spawned `roster serve`:
 * its own authorize URLs (PKCE, state, nonce, a space-joined empty audience), the code exchange and a refresh.
 */
describe(`@kinde/js-utils against roster serve (${ENGINE})`, () => {
  const server = useSignInServer('js-utils');
  const redirect = callbackUri('react');
  const password = 'Analytical-Engine-1837';
  const ada = { email: randomEmail('ada'), given_name: 'Ada', family_name: 'Lovelace', password };
  let spa: ClientApp;
  let adaId: string;

  beforeAll(async () => {
    spa = await server.app({ type: 'spa', name: 'React app', redirectUris: [redirect], origins: ['http://localhost:3999'] });
    adaId = await signUpUser(server, spa, redirect, ada);
    frameworkSettings.framework = 'roster-tests';
    frameworkSettings.frameworkVersion = '1.0.0';
    frameworkSettings.sdkVersion = '0.32.1';
    // Tokens live in memory here; a real browser app on a custom domain would use the refresh cookie instead.
    storageSettings.useInsecureForRefreshToken = true;
  });
  beforeEach(() => setActiveStorage(new MemoryStorage()));

  const loginUrl = async (type = IssuerRouteTypes.login, extra: Record<string, string> = {}) =>
    (await generateAuthUrl(server.url, type, { clientId: spa.client_id, redirectURL: redirect, audience: '', ...extra })).url.toString();

  it('exchangeAuthCode succeeds with all three tokens, and the claims read back', async () => {
    const url = await loginUrl();
    expect(new URL(url).searchParams.get('audience')).toBe('');
    const callback = await signInWithPassword(new FormClient(), url, ada.email, password, redirect);

    const result = await exchangeAuthCode({
      urlParams: new URL(callback).searchParams,
      domain: server.url,
      clientId: spa.client_id,
      redirectURL: redirect,
    });
    expect(result).toMatchObject({
      success: true,
      accessToken: expect.any(String),
      idToken: expect.any(String),
      refreshToken: expect.any(String),
    });
    expect(await getUserProfile()).toMatchObject({ id: adaId, email: ada.email, givenName: 'Ada', familyName: 'Lovelace' });
    expect((await getClaim('iss'))?.value).toBe(server.url);

    // The nonce js-utils sent comes back in the ID token.
    expect(decodeJwt(result.idToken!).nonce).toBe(new URL(url).searchParams.get('nonce'));

    const refreshed = await refreshToken({ domain: server.url, clientId: spa.client_id });
    expect(refreshed).toMatchObject({ success: true, accessToken: expect.any(String), refreshToken: expect.any(String) });
    expect(refreshed.refreshToken).not.toBe(result.refreshToken);
    expect(decodeJwt(refreshed.accessToken!).sub).toBe(adaId);
  });

  it('the register URL (prompt=create) opens the sign-up page, and signing up there gives exchangeable tokens', async () => {
    const url = await loginUrl(IssuerRouteTypes.register);
    expect(new URL(url).searchParams.get('prompt')).toBe('create');
    const email = randomEmail('grace');
    const callback = await signUp(
      new FormClient(),
      server,
      url,
      { email, given_name: 'Grace', family_name: 'Hopper', password: 'Compiler-A0-1952' },
      redirect,
    );
    const result = await exchangeAuthCode({
      urlParams: new URL(callback).searchParams,
      domain: server.url,
      clientId: spa.client_id,
      redirectURL: redirect,
    });
    expect(result.success).toBe(true);
    expect(await getUserProfile()).toMatchObject({ email, givenName: 'Grace', familyName: 'Hopper' });
  });

  it('prompt=none without a session redirects with error=login_required and the state', async () => {
    const url = await loginUrl(IssuerRouteTypes.login, { prompt: 'none' });
    const answer = await new FormClient().get(url);
    expect(answer.status).toBe(302);
    const params = new URL(answer.location!).searchParams;
    expect(`${new URL(answer.location!).origin}${new URL(answer.location!).pathname}`).toBe(redirect);
    expect(params.get('error')).toBe('login_required');
    expect(params.get('state')).toBe(new URL(url).searchParams.get('state'));
  });

  it('a login_hint prefills the sign-in form', async () => {
    const url = await loginUrl(IssuerRouteTypes.login, { loginHint: ada.email });
    expect(new URL(url).searchParams.get('login_hint')).toBe(ada.email);
    const page = await openHostedPage(new FormClient(), url);
    expect(page.html).toContain(ada.email);
  });
});
