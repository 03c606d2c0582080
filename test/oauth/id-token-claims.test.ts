import { createHash } from 'node:crypto';
import { validateToken } from '@kinde/jwt-validator';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { ENGINE } from '../support/roster.js';
import { signInThrough, uniqueEmail, useTokenServer, type SignInOptions, type UserSpec } from './token-support.js';

describe(`claims of user tokens (${ENGINE})`, () => {
  const { server, apps } = useTokenServer();

  const tokensFor = async (spec: UserSpec, extra: SignInOptions = {}) => {
    const { user, tokens } = await signInThrough(server, apps.web, { ...extra, user: spec });
    return { user, access: tokens.access_token!, id: tokens.id_token! };
  };

  it('the access token carries Kinde’s claims, the empty ones included', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { user, access } = await tokensFor(
      { email: uniqueEmail() },
      { audience: ['https://api.example.com', 'https://other.example.com'] },
    );
    const claims = decodeJwt(access);
    expect(Object.keys(claims).sort()).toEqual([
      'aud',
      'azp',
      'exp',
      'feature_flags',
      'iat',
      'iss',
      'jti',
      'org_code',
      'permissions',
      'roles',
      'scp',
      'sub',
      'v',
    ]);
    expect(claims).toMatchObject({
      aud: ['https://api.example.com', 'https://other.example.com'],
      azp: apps.web.client_id,
      iss: server.config.issuer,
      sub: user.userId,
      scp: ['openid', 'profile', 'email', 'offline'],
      permissions: [],
      roles: [],
      org_code: null,
      feature_flags: {},
    });
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.exp).toBe(claims.iat! + server.config.accessTokenSeconds);
    expect(decodeJwt((await tokensFor({ email: uniqueEmail() })).access).aud).toEqual([]);
  });

  it('the ID token carries the OIDC claims and every primary: email, phone (as phone_number and phone), username in display case', async () => {
    const email = uniqueEmail('Ada');
    const { user, access, id } = await tokensFor(
      { email, phone: '+61412345678', username: 'AdaLovelace', givenName: 'Ada', familyName: 'Lovelace' },
      { nonce: 'nonce-123' },
    );
    const claims = decodeJwt(id);
    expect(claims).toEqual({
      at_hash: createHash('sha256').update(access).digest().subarray(0, 16).toString('base64url'),
      aud: [apps.web.client_id],
      auth_time: Math.floor(user.session.authTime.getTime() / 1000),
      azp: apps.web.client_id,
      exp: claims.iat! + server.config.idTokenSeconds,
      iat: expect.any(Number),
      iss: server.config.issuer,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      nonce: 'nonce-123',
      org_codes: [],
      sub: user.userId,
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      updated_at: expect.any(Number),
      email,
      email_verified: true,
      phone_number: '+61412345678',
      phone: '+61412345678',
      phone_number_verified: false,
      preferred_username: 'AdaLovelace',
    });
    expect(claims.updated_at).toBeLessThanOrEqual(claims.iat!);
    expect(decodeJwt(access).jti).not.toBe(claims.jti);
  });

  it('a user without a phone or username has no such claims, and without a nonce there is no nonce', async () => {
    const claims = decodeJwt((await tokensFor({ email: uniqueEmail() })).id);
    for (const name of [
      'phone',
      'phone_number',
      'phone_number_verified',
      'preferred_username',
      'nonce',
      'given_name',
      'family_name',
      'name',
      'picture',
    ])
      expect(claims).not.toHaveProperty(name);
    expect(claims).toHaveProperty('email');
    const phoneOnly = decodeJwt((await tokensFor({ phone: '+14155550123' })).id);
    expect(phoneOnly).toMatchObject({ phone: '+14155550123', phone_number: '+14155550123' });
    expect(phoneOnly).not.toHaveProperty('email');
    expect(phoneOnly).not.toHaveProperty('email_verified');
  });

  it('both tokens have the header {alg, kid, typ}, verify against the JWKS, and pass @kinde/jwt-validator', async () => {
    const { access, id } = await tokensFor({ email: uniqueEmail() });
    const jwks = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
    for (const token of [access, id]) {
      expect(Object.keys(decodeProtectedHeader(token))).toEqual(['alg', 'kid', 'typ']);
      expect(token.split('.')[0]).toMatch(/^[A-Za-z0-9]+$/);
      await jwtVerify(token, jwks, { issuer: server.config.issuer, algorithms: ['RS256'] });
      expect(await validateToken({ token, domain: server.url })).toEqual({ valid: true, message: 'Token is valid' });
    }
    await jwtVerify(id, jwks, { audience: apps.web.client_id });
  });
});
