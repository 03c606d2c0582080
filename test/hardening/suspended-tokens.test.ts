import { beforeAll, describe, expect, it } from 'vitest';
import { postForm, signInThrough, useTokenServer } from '../oauth/token-support.js';
import { ENGINE } from '../support/roster.js';

/** Suspending a user ends what their live tokens can do: the profile endpoints refuse them, introspection says inactive. */
describe(`a suspended user's tokens (${ENGINE})`, () => {
  const { server, apps } = useTokenServer();
  let tokens: Record<string, string>;
  let userId: string;

  beforeAll(async () => {
    const signedIn = await signInThrough(server, apps.web);
    tokens = signedIn.tokens;
    userId = signedIn.user.userId;
  });

  const profile = (path: string) =>
    fetch(server.url + path, { headers: { authorization: `Bearer ${tokens.access_token}` } }).then(async (r) => ({
      status: r.status,
      challenge: r.headers.get('www-authenticate'),
      body: (await r.json()) as Record<string, unknown>,
    }));
  const introspect = (token: string) =>
    postForm(server, '/oauth2/introspect', { token, client_id: apps.web.client_id, client_secret: apps.web.client_secret });
  const suspend = async (is_suspended: boolean) =>
    expect((await server.api('PATCH', `/api/v1/user?id=${userId}`, { is_suspended })).status).toBe(200);

  it('are honoured before, refused while suspended, and honoured again once the suspension is lifted', async () => {
    expect((await profile('/oauth2/v2/user_profile')).status).toBe(200);
    expect((await introspect(tokens.access_token!)).body.active).toBe(true);
    expect((await introspect(tokens.refresh_token!)).body.active).toBe(true);

    await suspend(true);
    for (const path of ['/oauth2/v2/user_profile', '/oauth2/user_profile']) {
      const answer = await profile(path);
      expect(answer.status, path).toBe(401);
      expect(answer.body.error).toBe('invalid_token');
      expect(answer.challenge).toContain('error="invalid_token"');
    }
    expect((await introspect(tokens.access_token!)).body).toEqual({ active: false });
    expect((await introspect(tokens.refresh_token!)).body).toEqual({ active: false });

    await suspend(false);
    expect((await profile('/oauth2/v2/user_profile')).status).toBe(200);
    expect((await introspect(tokens.access_token!)).body.active).toBe(true);
  });

  it("an application's own token (client_credentials) has no user and stays active", async () => {
    const answer = await introspect(await server.token());
    expect(answer.body.active).toBe(true);
  });
});
