import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import { setPrimary } from '../../src/services/identities.js';
import { addIdentity } from '../../src/services/identities.js';
import { endSession } from '../../src/services/sessions.js';
import { updateUser } from '../../src/services/users.js';
import { ENGINE } from '../support/roster.js';
import {
  expectOAuthError,
  expectTokens,
  refreshWith,
  signInThrough,
  uniqueEmail,
  useTokenServer,
  type Client,
  type UserSpec,
} from './token-support.js';

describe(`POST /oauth2/token, grant_type=refresh_token (${ENGINE})`, () => {
  const { server, apps } = useTokenServer();

  const signIn = (client: Client = apps.web, scope?: string, spec?: UserSpec) => signInThrough(server, client, { scope, user: spec });

  it('rotates: each use returns new tokens and a new refresh token, and the used one is spent', async () => {
    const { user, tokens } = await signIn();
    const first = await refreshWith(server, apps.web, tokens.refresh_token!);
    expectTokens(first);
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(decodeJwt(first.body.access_token)).toMatchObject({ sub: user.userId, azp: apps.web.client_id });
    expect(decodeJwt(first.body.id_token)).toMatchObject({
      sub: user.userId,
      aud: [apps.web.client_id],
      auth_time: Math.floor(user.session.authTime.getTime() / 1000),
    });
    const second = await refreshWith(server, apps.web, first.body.refresh_token);
    expectTokens(second);
    const rows = await server.roster.database.db
      .selectFrom('refresh_tokens')
      .select(['chain_id', 'used_on'])
      .where('user_id', '=', user.userId)
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.chain_id)).size).toBe(1);
    expect(rows.map((r) => r.used_on !== null)).toEqual([true, true, false]);
  });

  it('presenting a used refresh token again is invalid_grant and revokes its whole chain', async () => {
    const { tokens } = await signIn();
    const next = await refreshWith(server, apps.web, tokens.refresh_token!);
    expectTokens(next);
    expectOAuthError(await refreshWith(server, apps.web, tokens.refresh_token!), 400, 'invalid_grant');
    expectOAuthError(await refreshWith(server, apps.web, next.body.refresh_token), 400, 'invalid_grant');
  });

  it('of concurrent uses of one refresh token exactly one wins', async () => {
    const { tokens } = await signIn();
    const responses = await Promise.all(Array.from({ length: 6 }, () => refreshWith(server, apps.web, tokens.refresh_token!)));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    for (const loser of responses.filter((r) => r.status !== 200)) expect(loser.body.error).toBe('invalid_grant');
  });

  it('an SPA refreshes with its client_id alone', async () => {
    const { tokens } = await signIn(apps.spa);
    expectTokens(await refreshWith(server, apps.spa, tokens.refresh_token!));
  });

  it('another client presenting the token is invalid_grant and does not spend it', async () => {
    const { tokens } = await signIn();
    expectOAuthError(await refreshWith(server, apps.otherWeb, tokens.refresh_token!), 400, 'invalid_grant');
    expectOAuthError(
      await refreshWith(server, { client_id: apps.web.client_id, client_secret: apps.otherWeb.client_secret }, tokens.refresh_token!),
      401,
      'invalid_client',
    );
    expectTokens(await refreshWith(server, apps.web, tokens.refresh_token!));
  });

  it('scope may narrow (the access token gets the narrower one) but never widen', async () => {
    const { tokens } = await signIn();
    expectOAuthError(await refreshWith(server, apps.web, tokens.refresh_token!, { scope: 'openid admin' }), 400, 'invalid_scope');
    const narrowed = await refreshWith(server, apps.web, tokens.refresh_token!, { scope: 'openid email' });
    expectTokens(narrowed);
    expect(narrowed.body.scope).toBe('openid email');
    expect(decodeJwt(narrowed.body.access_token).scp).toEqual(['openid', 'email']);
    const again = await refreshWith(server, apps.web, narrowed.body.refresh_token);
    expectTokens(again);
    expect(again.body.scope).toBe('openid profile email offline');
  });

  it('an ended session (sign-out) makes its refresh tokens invalid_grant', async () => {
    const { user, tokens } = await signIn();
    expect(await endSession(server.roster, user.sessionToken)).toBe(true);
    expectOAuthError(await refreshWith(server, apps.web, tokens.refresh_token!), 400, 'invalid_grant');
  });

  it('a suspended user is refused, and the token works again once the suspension is lifted', async () => {
    const { user, tokens } = await signIn();
    await updateUser(server.roster, user.userId, { is_suspended: true }, CLI_ACTOR);
    expectOAuthError(await refreshWith(server, apps.web, tokens.refresh_token!), 400, 'invalid_grant');
    await updateUser(server.roster, user.userId, { is_suspended: false }, CLI_ACTOR);
    expectTokens(await refreshWith(server, apps.web, tokens.refresh_token!));
  });

  it('an expired refresh token is invalid_grant', async () => {
    const { user, tokens } = await signIn();
    await server.roster.database.db
      .updateTable('refresh_tokens')
      .set({ expires_on: new Date(Date.now() - 1000).toISOString() })
      .where('user_id', '=', user.userId)
      .execute();
    expectOAuthError(await refreshWith(server, apps.web, tokens.refresh_token!), 400, 'invalid_grant');
  });

  it('missing or unknown refresh tokens are refused; an m2m app may not refresh', async () => {
    expectOAuthError(await refreshWith(server, apps.web, ''), 400, 'invalid_request');
    expectOAuthError(await refreshWith(server, apps.web, 'A'.repeat(43)), 400, 'invalid_grant');
    expectOAuthError(await refreshWith(server, apps.m2m, 'A'.repeat(43)), 400, 'unauthorized_client');
  });

  it('the refreshed ID token carries the primary email as it is now', async () => {
    const email = uniqueEmail('before');
    const { user, tokens } = await signIn(apps.web, undefined, { email });
    expect(decodeJwt(tokens.id_token!)).toMatchObject({ email, email_verified: true });
    const newer = uniqueEmail('after');
    const added = await addIdentity(server.roster, user.userId, { type: 'email', value: newer }, CLI_ACTOR);
    await setPrimary(server.roster, added.identity.id, true, CLI_ACTOR);
    const refreshed = await refreshWith(server, apps.web, tokens.refresh_token!);
    expectTokens(refreshed);
    expect(decodeJwt(refreshed.body.id_token)).toMatchObject({ email: newer, email_verified: false });
  });
});
