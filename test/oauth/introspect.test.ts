import { beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../support/roster.js';
import { expectOAuthError, expectTokens, postForm, refreshWith, signInThrough, useTokenServer } from './token-support.js';

describe(`POST /oauth2/introspect (${ENGINE})`, () => {
  const { server, apps } = useTokenServer();
  let tokens: Record<string, string>;
  let userId: string;
  beforeAll(async () => {
    const signedIn = await signInThrough(server, apps.web, { audience: ['https://api.example.com'] });
    tokens = signedIn.tokens;
    userId = signedIn.user.userId;
  });

  const introspect = (
    token: string,
    auth: Record<string, string> = { client_id: apps.web.client_id, client_secret: apps.web.client_secret },
    headers: Record<string, string> = {},
  ) => postForm(server, '/oauth2/introspect', { token, ...auth }, headers);

  it('a live user access token is active, with aud, client_id, exp, iat, sub, scope and token_type', async () => {
    const response = await introspect(tokens.access_token!);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toEqual({
      active: true,
      aud: ['https://api.example.com'],
      client_id: apps.web.client_id,
      exp: expect.any(Number),
      iat: expect.any(Number),
      sub: userId,
      scope: 'openid profile email offline',
      token_type: 'bearer',
    });
  });

  it('a live refresh token is active for its own client, and inactive once used', async () => {
    const response = await introspect(
      tokens.refresh_token!,
      {},
      { authorization: `Basic ${Buffer.from(`${apps.web.client_id}:${apps.web.client_secret}`).toString('base64')}` },
    );
    expect(response.body).toMatchObject({
      active: true,
      client_id: apps.web.client_id,
      sub: userId,
      scope: 'openid profile email offline',
      token_type: 'refresh_token',
      aud: ['https://api.example.com'],
    });
    expect(response.body.exp).toBeGreaterThan(response.body.iat);
    expect(
      (await introspect(tokens.refresh_token!, { client_id: apps.otherWeb.client_id, client_secret: apps.otherWeb.client_secret })).body,
    ).toEqual({ active: false });
    const rotated = await refreshWith(server, apps.web, tokens.refresh_token!, { token_type_hint: undefined });
    expectTokens(rotated);
    expect((await introspect(tokens.refresh_token!)).body).toEqual({ active: false });
    expect((await introspect(rotated.body.refresh_token)).body.active).toBe(true);
  });

  it('an M2M bearer token may introspect; M2M tokens themselves introspect with their scope and no sub', async () => {
    const m2m = await server.token('read:users');
    const response = await introspect(tokens.access_token!, {}, { authorization: `Bearer ${m2m}` });
    expect(response.body).toMatchObject({ active: true, sub: userId });
    const self = await introspect(m2m, {}, { authorization: `Bearer ${m2m}` });
    expect(self.body).toMatchObject({ active: true, scope: 'read:users', aud: [`${server.config.issuer}/api`] });
    expect(self.body).not.toHaveProperty('sub');
  });

  it('ID tokens, garbage and unknown refresh tokens are {active: false}', async () => {
    for (const token of [tokens.id_token!, 'a.b.c', 'garbage', 'A'.repeat(43)])
      expect((await introspect(token)).body, token).toEqual({ active: false });
  });

  it('callers must authenticate: no credentials, a wrong secret, an SPA’s bare id or a user token are 401 invalid_client', async () => {
    const refusals = [
      await introspect(tokens.access_token!, {}),
      await introspect(tokens.access_token!, { client_id: apps.web.client_id, client_secret: apps.otherWeb.client_secret }),
      await introspect(tokens.access_token!, { client_id: apps.spa.client_id }),
      await introspect(tokens.access_token!, {}, { authorization: `Bearer ${tokens.access_token}` }),
    ];
    for (const response of refusals) expectOAuthError(response, 401, 'invalid_client');
    expectOAuthError(
      await postForm(server, '/oauth2/introspect', { client_id: apps.web.client_id, client_secret: apps.web.client_secret }),
      400,
      'invalid_request',
    );
  });
});
