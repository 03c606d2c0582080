import * as client from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../support/roster.js';
import {
  callbackUri,
  FormClient,
  randomEmail,
  signInWithPassword,
  signUpUser,
  useSignInServer,
  type ClientApp,
} from '../support/sign-in.js';

/**
 * openid-client 6, a certified standards client, against a spawned `roster serve`: discovery, an authorization URL
 * with PKCE, state and nonce, the code grant (which checks the ID token's iss, aud, azp, nonce and expiry), refresh,
 * userinfo, introspection and revocation.
 */
describe(`openid-client against roster serve (${ENGINE})`, () => {
  const server = useSignInServer('openid-client');
  const redirect = callbackUri('oidc');
  const password = 'Nautical-Almanac-1906';
  const email = randomEmail('henrietta');
  let web: ClientApp;
  let userId: string;

  const discover = (auth?: client.ClientAuth) =>
    client.discovery(new URL(server.url), web.client_id, web.client_secret, auth, { execute: [client.allowInsecureRequests] });

  /** Builds the authorization URL with the client, signs in through the pages, and redeems the code with the client. */
  async function signIn(config: client.Configuration) {
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirect,
      scope: 'openid profile email offline',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const callback = await signInWithPassword(new FormClient(), url.toString(), email, password, redirect);
    return client.authorizationCodeGrant(config, new URL(callback), {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
  }

  beforeAll(async () => {
    web = await server.app({ type: 'web', name: 'OIDC app', redirectUris: [redirect] });
    userId = await signUpUser(server, web, redirect, { email, given_name: 'Henrietta', family_name: 'Leavitt', password });
  });

  it('discovery names this issuer and its endpoints', async () => {
    const metadata = (await discover()).serverMetadata();
    expect(metadata).toMatchObject({
      issuer: server.url,
      authorization_endpoint: `${server.url}/oauth2/auth`,
      token_endpoint: `${server.url}/oauth2/token`,
      jwks_uri: `${server.url}/.well-known/jwks.json`,
    });
    expect(metadata.code_challenge_methods_supported).toContain('S256');
  });

  it('authorization code with PKCE, state and nonce; then userinfo and refresh', async () => {
    const config = await discover();
    const tokens = await signIn(config);
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.claims()).toMatchObject({
      iss: server.url,
      sub: userId,
      aud: [web.client_id],
      email,
      email_verified: true,
      given_name: 'Henrietta',
      family_name: 'Leavitt',
    });

    const info = await client.fetchUserInfo(config, tokens.access_token, userId);
    expect(info).toMatchObject({ sub: userId, email });

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()).toMatchObject({ sub: userId, email });
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('client_secret_basic authenticates as well as client_secret_post', async () => {
    const config = await discover(client.ClientSecretBasic(web.client_secret!));
    const tokens = await signIn(config);
    expect(tokens.claims()?.sub).toBe(userId);
  });

  it('introspection sees a live access token, and a revoked refresh token no longer refreshes', async () => {
    const config = await discover();
    const tokens = await signIn(config);
    expect(await client.tokenIntrospection(config, tokens.access_token)).toMatchObject({ active: true });
    expect(await client.tokenIntrospection(config, 'not-a-token')).toMatchObject({ active: false });

    await client.tokenRevocation(config, tokens.refresh_token!);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});
