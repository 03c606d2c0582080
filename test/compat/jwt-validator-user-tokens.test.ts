import { validateToken } from '@kinde/jwt-validator';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../support/roster.js';
import {
  authorizeUrl,
  callbackUri,
  FormClient,
  randomEmail,
  redeem,
  refresh,
  signInWithPassword,
  signUpUser,
  useSignInServer,
  type ClientApp,
} from '../support/sign-in.js';

/** @kinde/jwt-validator 0.4.5 (what the TypeScript SDK checks every token with) on the tokens a user's sign-in yields. */
describe(`@kinde/jwt-validator on user tokens from roster serve (${ENGINE})`, () => {
  const server = useSignInServer('jwt-validator');
  const redirect = callbackUri('validator');
  const password = 'Difference-Engine-1822';
  const email = randomEmail('charles');
  let web: ClientApp;
  let userId: string;
  let tokens: { access_token: string; id_token: string; refresh_token?: string };

  beforeAll(async () => {
    web = await server.app({ type: 'web', redirectUris: [redirect] });
    userId = await signUpUser(server, web, redirect, { email, given_name: 'Charles', family_name: 'Babbage', password });
    const nonce = 'n-0S6_WzA2Mj';
    const callback = await signInWithPassword(
      new FormClient(),
      authorizeUrl(server.url, { clientId: web.client_id, redirectUri: redirect, nonce }),
      email,
      password,
      redirect,
    );
    tokens = await redeem(server.url, web, callback, redirect);
  });

  it('accepts the access token and the ID token', async () => {
    expect(await validateToken({ token: tokens.access_token, domain: server.url })).toEqual({ valid: true, message: 'Token is valid' });
    expect(await validateToken({ token: tokens.id_token, domain: server.url })).toEqual({ valid: true, message: 'Token is valid' });
  });

  it('the headers survive the validator’s plain atob: RS256 with a kid, no - or _ in the encoded header', () => {
    for (const token of [tokens.access_token, tokens.id_token]) {
      expect(token.split('.')[0]).toMatch(/^[A-Za-z0-9]+=*$/);
      expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    }
    expect(decodeJwt(tokens.id_token)).toMatchObject({
      sub: userId,
      email,
      aud: [web.client_id],
      azp: web.client_id,
      iss: server.url,
      nonce: 'n-0S6_WzA2Mj',
    });
  });

  it('accepts refreshed tokens and refuses a token whose payload was altered', async () => {
    const refreshed = await refresh(server.url, web, tokens.refresh_token!);
    expect(refreshed.status).toBe(200);
    expect(await validateToken({ token: refreshed.body.access_token, domain: server.url })).toMatchObject({ valid: true });
    expect(await validateToken({ token: refreshed.body.id_token, domain: server.url })).toMatchObject({ valid: true });

    const [header, payload, signature] = tokens.id_token.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(tokens.id_token), sub: 'kp_00000000000000000000000000000000' })).toString(
      'base64url',
    );
    expect(forged).not.toBe(payload);
    expect(await validateToken({ token: `${header}.${forged}.${signature}`, domain: server.url })).toMatchObject({ valid: false });
  });
});
