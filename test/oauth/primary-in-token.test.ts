import { decodeJwt } from 'jose';
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

/** A change of primary made through the Management API shows in the next token issued, and in the profile endpoints. */
describe(`primaries in tokens (${ENGINE})`, () => {
  const server = useSignInServer('primary-in-token');
  const redirect = callbackUri('primary');
  const password = 'Harvard-Mark-I-1944';
  let web: ClientApp;

  const profile = async (path: string, accessToken: string) => {
    const response = await fetch(`${server.url}${path}`, {
      headers: { authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(5_000),
    });
    expect(response.status, path).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    return response.json();
  };

  beforeAll(async () => {
    web = await server.app({ type: 'web', redirectUris: [redirect] });
  });

  it('a new primary email is in the next refreshed ID token and the profile endpoints; the old one is gone', async () => {
    const first = randomEmail('grace');
    const userId = await signUpUser(server, web, redirect, { email: first, given_name: 'Grace', family_name: 'Hopper', password });
    const callback = await signInWithPassword(
      new FormClient(),
      authorizeUrl(server.url, { clientId: web.client_id, redirectUri: redirect }),
      first,
      password,
      redirect,
    );
    const tokens = await redeem(server.url, web, callback, redirect);
    expect(decodeJwt(tokens.id_token)).toMatchObject({ sub: userId, email: first, email_verified: true });

    const second = randomEmail('grace.new');
    const added = await server.api('POST', `/api/v1/users/${userId}/identities`, { type: 'email', value: second });
    expect(added.status).toBe(201);
    expect((await server.api('PATCH', `/api/v1/identities/${added.body.identity.id}`, { is_primary: true })).status).toBe(200);

    const refreshed = await refresh(server.url, web, tokens.refresh_token!);
    expect(refreshed.status).toBe(200);
    const claims = decodeJwt(refreshed.body.id_token);
    expect(claims).toMatchObject({ sub: userId, email: second, email_verified: false });
    expect(await profile('/oauth2/v2/user_profile', refreshed.body.access_token)).toMatchObject({ id: userId, sub: userId, email: second });
    expect(await profile('/oauth2/user_profile', refreshed.body.access_token)).toMatchObject({ id: userId, preferred_email: second });

    // A sign-in with the old address still works (it is still the user's), and its token names the new primary.
    const again = await signInWithPassword(
      new FormClient(),
      authorizeUrl(server.url, { clientId: web.client_id, redirectUri: redirect }),
      first,
      password,
      redirect,
    );
    expect(decodeJwt((await redeem(server.url, web, again, redirect)).id_token).email).toBe(second);
  });

  it('a phone and a username added later appear as phone_number, phone and preferred_username (display case)', async () => {
    const email = randomEmail('katherine');
    const userId = await signUpUser(server, web, redirect, { email, given_name: 'Katherine', family_name: 'Johnson', password });
    const callback = await signInWithPassword(
      new FormClient(),
      authorizeUrl(server.url, { clientId: web.client_id, redirectUri: redirect }),
      email,
      password,
      redirect,
    );
    const tokens = await redeem(server.url, web, callback, redirect);
    const before = decodeJwt(tokens.id_token);
    expect(before).not.toHaveProperty('phone_number');
    expect(before).not.toHaveProperty('preferred_username');

    const username = `KJohnson${Date.now().toString(36)}`;
    expect(
      (await server.api('POST', `/api/v1/users/${userId}/identities`, { type: 'phone', value: '0412 345 601', phone_country_id: 'au' }))
        .status,
    ).toBe(201);
    expect((await server.api('POST', `/api/v1/users/${userId}/identities`, { type: 'username', value: username })).status).toBe(201);

    const refreshed = await refresh(server.url, web, tokens.refresh_token!);
    expect(refreshed.status).toBe(200);
    expect(decodeJwt(refreshed.body.id_token)).toMatchObject({
      email,
      phone_number: '+61412345601',
      phone: '+61412345601',
      phone_number_verified: false,
      preferred_username: username,
      given_name: 'Katherine',
      family_name: 'Johnson',
    });
  });
});
