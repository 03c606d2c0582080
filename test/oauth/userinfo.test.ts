import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import { deleteUser, updateUser } from '../../src/services/users.js';
import { ENGINE } from '../support/roster.js';
import { badClaims, signAsServer, signWithStrangerKey } from '../support/tokens.js';
import { signInThrough, uniqueEmail, useTokenServer, type UserSpec } from './token-support.js';

describe(`GET /oauth2/v2/user_profile and /oauth2/user_profile (${ENGINE})`, () => {
  const { server, apps } = useTokenServer();

  const signIn = async (spec: UserSpec) => {
    const { user, tokens } = await signInThrough(server, apps.web, { user: spec });
    return { user, access: tokens.access_token!, id: tokens.id_token! };
  };
  const get = async (path: string, token?: string) => {
    const response = await fetch(server.url + path, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5_000),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  };

  it('v2 answers the user as they are now, in JSON', async () => {
    const email = uniqueEmail('grace');
    const { user, access } = await signIn({ email, username: 'GraceHopper', givenName: 'Grace', familyName: 'Hopper' });
    await updateUser(server.roster, user.userId, { given_name: 'Amazing Grace', provided_id: 'ext-42' }, CLI_ACTOR);
    const response = await get('/oauth2/v2/user_profile', access);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      id: user.userId,
      sub: user.userId,
      provided_id: 'ext-42',
      name: 'Amazing Grace Hopper',
      given_name: 'Amazing Grace',
      family_name: 'Hopper',
      updated_at: expect.any(Number),
      email,
      email_verified: true,
      picture: null,
      preferred_username: 'GraceHopper',
      phone_number: null,
    });
    expect(Math.abs((response.body.updated_at as number) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('v1 answers {id, preferred_email, username, provided_id, last_name, first_name, picture}', async () => {
    const email = uniqueEmail('alan');
    const { user, access } = await signIn({ email, phone: '+447911123456', givenName: 'Alan', familyName: 'Turing' });
    const response = await get('/oauth2/user_profile', access);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: user.userId,
      preferred_email: email,
      username: null,
      provided_id: null,
      last_name: 'Turing',
      first_name: 'Alan',
      picture: null,
    });
    expect((await get('/oauth2/v2/user_profile', access)).body.phone_number).toBe('+447911123456');
  });

  it('no token, a bad, expired or forged token, an ID token or an M2M token is 401 with a Bearer challenge', async () => {
    const { user, id } = await signIn({ email: uniqueEmail() });
    const missing = await get('/oauth2/v2/user_profile');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const userClaims = { iss: server.config.issuer, sub: user.userId, azp: apps.web.client_id, aud: [], scp: ['openid'] };
    const now = Math.floor(Date.now() / 1000);
    const bad = [
      'not-a-token',
      id,
      await server.token(),
      await signAsServer(server.roster, { ...userClaims, iat: now - 7200, exp: now - 3600 }),
      await signAsServer(server.roster, { ...userClaims, iat: now, exp: now + 600, iss: 'https://attacker.example.com' }),
      await signWithStrangerKey(server.roster, { ...userClaims, iat: now, exp: now + 600 }),
      await signAsServer(server.roster, badClaims.expired(server.roster)),
    ];
    for (const token of bad) {
      for (const path of ['/oauth2/v2/user_profile', '/oauth2/user_profile']) {
        const response = await get(path, token);
        expect(response.status, `${path} ${token.slice(0, 20)}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
        expect(response.body.error).toBe('invalid_token');
      }
    }
    expect(
      (await get('/oauth2/v2/user_profile', await signAsServer(server.roster, { ...userClaims, iat: now, exp: now + 600 }))).status,
    ).toBe(200);
  });

  it('a deleted user’s token is 401', async () => {
    const { user, access } = await signIn({ email: uniqueEmail() });
    expect((await get('/oauth2/v2/user_profile', access)).status).toBe(200);
    await deleteUser(server.roster, user.userId, CLI_ACTOR);
    const response = await get('/oauth2/v2/user_profile', access);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });
});
