import { describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/secrets.js';
import { ENGINE } from '../support/roster.js';
import { expectOAuthError, expectTokens, postForm, refreshWith, signInThrough, useTokenServer, type Client } from './token-support.js';

describe(`POST /oauth2/revoke (${ENGINE})`, () => {
  const { server, apps } = useTokenServer();

  const signIn = async (client: Client = apps.web) => (await signInThrough(server, client)).tokens;
  const revoke = (client: Client, token: string, hint?: string) =>
    postForm(server, '/oauth2/revoke', { token, token_type_hint: hint, client_id: client.client_id, client_secret: client.client_secret });

  it('revoking a refresh token answers 200 and revokes its whole chain', async () => {
    const first = await signIn();
    const rotated = await refreshWith(server, apps.web, first.refresh_token!);
    expectTokens(rotated);
    const response = await revoke(apps.web, rotated.body.refresh_token, 'refresh_token');
    expect(response.status).toBe(200);
    expect(response.body).toBeUndefined();
    expectOAuthError(await refreshWith(server, apps.web, rotated.body.refresh_token), 400, 'invalid_grant');
    const db = server.roster.database.db;
    const { chain_id } = await db
      .selectFrom('refresh_tokens')
      .select('chain_id')
      .where('token_hash', '=', hashSecret(first.refresh_token!))
      .executeTakeFirstOrThrow();
    const chain = await db.selectFrom('refresh_tokens').select('revoked_on').where('chain_id', '=', chain_id).execute();
    expect(chain).toHaveLength(2);
    expect(chain.every((row) => row.revoked_on !== null)).toBe(true);
  });

  it('an SPA revokes with its client_id alone', async () => {
    const tokens = await signIn(apps.spa);
    expect((await revoke(apps.spa, tokens.refresh_token!)).status).toBe(200);
    expectOAuthError(await refreshWith(server, apps.spa, tokens.refresh_token!), 400, 'invalid_grant');
  });

  it('another client’s refresh token, an unknown token and an access token answer 200 and change nothing', async () => {
    const tokens = await signIn();
    expect((await revoke(apps.otherWeb, tokens.refresh_token!)).status).toBe(200);
    expect((await revoke(apps.web, 'A'.repeat(43))).status).toBe(200);
    expect((await revoke(apps.web, tokens.access_token!, 'access_token')).status).toBe(200);
    const still = await server.api('GET', '/oauth2/v2/user_profile', undefined, tokens.access_token);
    expect(still.status).toBe(200);
    expectTokens(await refreshWith(server, apps.web, tokens.refresh_token!));
  });

  it('a wrong secret is 401 invalid_client; a missing token is 400 invalid_request', async () => {
    const tokens = await signIn();
    expectOAuthError(
      await revoke({ client_id: apps.web.client_id, client_secret: apps.otherWeb.client_secret }, tokens.refresh_token!),
      401,
      'invalid_client',
    );
    expectOAuthError(
      await postForm(server, '/oauth2/revoke', { client_id: apps.web.client_id, client_secret: apps.web.client_secret }),
      400,
      'invalid_request',
    );
    expectTokens(await refreshWith(server, apps.web, tokens.refresh_token!));
  });
});
