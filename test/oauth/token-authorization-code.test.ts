import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import { AUTHORIZATION_CODE_SECONDS } from '../../src/services/authorization-codes.js';
import { endSession } from '../../src/services/sessions.js';
import { updateUser } from '../../src/services/users.js';
import { ENGINE } from '../support/roster.js';
import {
  codeFor,
  expectOAuthError,
  expectTokens,
  pkcePair,
  postForm,
  redeemCode,
  refreshWith,
  signedInUser,
  REDIRECT_URI,
  useTokenServer,
  type Client,
} from './token-support.js';

describe(`POST /oauth2/token, grant_type=authorization_code (${ENGINE})`, () => {
  const { server, apps } = useTokenServer();

  const freshCode = async (
    client: Client = apps.web,
    options: Parameters<typeof codeFor>[1] extends infer O ? Partial<O> : never = {},
    now?: Date,
  ) => {
    const user = await signedInUser(server.roster);
    const code = await codeFor(
      server.roster,
      { clientId: client.client_id, userId: user.userId, sessionId: user.session.id, ...options },
      now,
    );
    return { user, code };
  };

  describe('granting', () => {
    it('a web app with its secret gets {access_token, expires_in, id_token, refresh_token, scope, token_type}', async () => {
      const { user, code } = await freshCode(apps.web, { nonce: 'n-0S6_WzA2Mj', audience: ['https://api.example.com'] });
      const response = await redeemCode(server, apps.web, code);
      expectTokens(response);
      expect(Object.keys(response.body).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'refresh_token', 'scope', 'token_type']);
      expect(response.body.scope).toBe('openid profile email offline');
      expect(response.body.expires_in).toBe(server.config.accessTokenSeconds);
      const access = decodeJwt(response.body.access_token);
      expect(access).toMatchObject({
        sub: user.userId,
        azp: apps.web.client_id,
        aud: ['https://api.example.com'],
        scp: ['openid', 'profile', 'email', 'offline'],
      });
      expect(decodeJwt(response.body.id_token)).toMatchObject({ sub: user.userId, aud: [apps.web.client_id], nonce: 'n-0S6_WzA2Mj' });
    });

    it('HTTP Basic client authentication works too (RFC 6749 §2.3.1), and both methods at once are refused', async () => {
      const { code } = await freshCode();
      const basic = `Basic ${Buffer.from(`${apps.web.client_id}:${apps.web.client_secret}`).toString('base64')}`;
      const both = await postForm(
        server,
        '/oauth2/token',
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_secret: apps.web.client_secret },
        { authorization: basic },
      );
      expectOAuthError(both, 400, 'invalid_request');
      const response = await postForm(
        server,
        '/oauth2/token',
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
        { authorization: basic },
      );
      expectTokens(response);
    });

    it('an SPA redeems with client_id and code_verifier (S256), no secret', async () => {
      const { verifier, challenge } = pkcePair();
      const { code } = await freshCode(apps.spa, { codeChallenge: challenge });
      expectTokens(await redeemCode(server, apps.spa, code, { code_verifier: verifier }));
    });

    it('a web app whose code has a challenge redeems with its secret and the verifier', async () => {
      const { verifier, challenge } = pkcePair();
      const { code } = await freshCode(apps.web, { codeChallenge: challenge });
      expectTokens(await redeemCode(server, apps.web, code, { code_verifier: verifier }));
    });

    it('without "offline" in the scope there is no refresh token', async () => {
      const { code } = await freshCode(apps.web, { scope: 'openid profile email' });
      const response = await redeemCode(server, apps.web, code);
      expectTokens(response, false);
      expect(response.body.scope).toBe('openid profile email');
    });
  });

  describe('refusing', () => {
    it('a second redemption is invalid_grant and revokes the refresh tokens the code led to', async () => {
      const { code } = await freshCode();
      const first = await redeemCode(server, apps.web, code);
      expectTokens(first);
      expectOAuthError(await redeemCode(server, apps.web, code), 400, 'invalid_grant');
      expectOAuthError(await refreshWith(server, apps.web, first.body.refresh_token), 400, 'invalid_grant');
    });

    it('a used code presented by another client (a web app, or the public SPA id) is refused and revokes nothing', async () => {
      const { code } = await freshCode();
      const first = await redeemCode(server, apps.web, code);
      expectTokens(first);
      expectOAuthError(await redeemCode(server, apps.otherWeb, code), 400, 'invalid_grant');
      expectOAuthError(await redeemCode(server, apps.spa, code, { code_verifier: pkcePair().verifier }), 400, 'invalid_grant');
      expectTokens(await refreshWith(server, apps.web, first.body.refresh_token));
    });

    it('a code older than 60 seconds is invalid_grant, and stays unused', async () => {
      const issued = new Date(Date.now() - (AUTHORIZATION_CODE_SECONDS + 1) * 1000);
      const { code } = await freshCode(apps.web, {}, issued);
      expectOAuthError(await redeemCode(server, apps.web, code), 400, 'invalid_grant');
      const row = await server.roster.database.db
        .selectFrom('authorization_codes')
        .select('used_on')
        .where('client_id', '=', apps.web.client_id)
        .orderBy('created_on')
        .executeTakeFirstOrThrow();
      expect(row.used_on).toBeNull();
      const almost = await freshCode(apps.web, {}, new Date(Date.now() - (AUTHORIZATION_CODE_SECONDS - 5) * 1000));
      expectTokens(await redeemCode(server, apps.web, almost.code));
    });

    it('a redirect_uri other than the one the code was issued for is invalid_grant; the code still works with the right one', async () => {
      const { code } = await freshCode();
      expectOAuthError(await redeemCode(server, apps.web, code, { redirect_uri: 'http://localhost:3999/other' }), 400, 'invalid_grant');
      expectOAuthError(await redeemCode(server, apps.web, code, { redirect_uri: undefined }), 400, 'invalid_request');
      expectTokens(await redeemCode(server, apps.web, code));
    });

    it('a wrong code_verifier is invalid_grant, a missing one invalid_request, a malformed one invalid_request', async () => {
      const { challenge } = pkcePair();
      const { code } = await freshCode(apps.web, { codeChallenge: challenge });
      expectOAuthError(await redeemCode(server, apps.web, code, { code_verifier: pkcePair().verifier }), 400, 'invalid_grant');
      expectOAuthError(await redeemCode(server, apps.web, code), 400, 'invalid_request');
      expectOAuthError(await redeemCode(server, apps.web, code, { code_verifier: 'short' }), 400, 'invalid_request');
    });

    it('an SPA without a code_verifier is invalid_request; an SPA code issued without a challenge is invalid_grant', async () => {
      const { verifier, challenge } = pkcePair();
      const withChallenge = await freshCode(apps.spa, { codeChallenge: challenge });
      expectOAuthError(await redeemCode(server, apps.spa, withChallenge.code), 400, 'invalid_request');
      const without = await freshCode(apps.spa);
      expectOAuthError(await redeemCode(server, apps.spa, without.code, { code_verifier: verifier }), 400, 'invalid_grant');
    });

    it('a verifier sent for a code issued without a challenge is invalid_grant', async () => {
      const { code } = await freshCode();
      expectOAuthError(await redeemCode(server, apps.web, code, { code_verifier: pkcePair().verifier }), 400, 'invalid_grant');
    });

    it('a code presented by another client is invalid_grant and stays redeemable by its own', async () => {
      const { code } = await freshCode();
      expectOAuthError(await redeemCode(server, apps.otherWeb, code), 400, 'invalid_grant');
      expectTokens(await redeemCode(server, apps.web, code));
    });

    it('a wrong secret, an unknown client, or a web app without its secret is 401 invalid_client', async () => {
      const { code } = await freshCode();
      const wrong = await redeemCode(server, { client_id: apps.web.client_id, client_secret: apps.otherWeb.client_secret }, code);
      const unknown = await redeemCode(server, { client_id: 'f'.repeat(40), client_secret: apps.web.client_secret }, code);
      const missing = await redeemCode(server, { client_id: apps.web.client_id }, code);
      for (const response of [wrong, unknown, missing]) {
        expectOAuthError(response, 401, 'invalid_client');
        expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
      }
      expectTokens(await redeemCode(server, apps.web, code));
    });

    it('an m2m app may not redeem codes, and web or SPA apps may not use client_credentials: unauthorized_client', async () => {
      const { code } = await freshCode(apps.m2m);
      expectOAuthError(await redeemCode(server, apps.m2m, code), 400, 'unauthorized_client');
      const cc = await postForm(server, '/oauth2/token', {
        grant_type: 'client_credentials',
        client_id: apps.web.client_id,
        client_secret: apps.web.client_secret,
      });
      expectOAuthError(cc, 400, 'unauthorized_client');
      const spa = await postForm(server, '/oauth2/token', { grant_type: 'client_credentials', client_id: apps.spa.client_id });
      expectOAuthError(spa, 401, 'invalid_client');
    });

    it('an unknown code, a missing code and a repeated parameter are refused', async () => {
      expectOAuthError(await redeemCode(server, apps.web, 'x'.repeat(43)), 400, 'invalid_grant');
      expectOAuthError(await redeemCode(server, apps.web, ''), 400, 'invalid_request');
      const { code } = await freshCode();
      const repeated = await fetch(`${server.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=authorization_code&client_id=${apps.web.client_id}&client_secret=${apps.web.client_secret}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&code=${code}&code=${code}`,
      });
      expect(repeated.status).toBe(400);
      expect(((await repeated.json()) as { error: string }).error).toBe('invalid_request');
    });

    it('a suspended user gets no tokens', async () => {
      const { user, code } = await freshCode();
      await updateUser(server.roster, user.userId, { is_suspended: true }, CLI_ACTOR);
      expectOAuthError(await redeemCode(server, apps.web, code), 400, 'invalid_grant');
    });

    it('a code whose session has ended gets no tokens', async () => {
      const { user, code } = await freshCode();
      expect(await endSession(server.roster, user.sessionToken)).toBe(true);
      expectOAuthError(await redeemCode(server, apps.web, code), 400, 'invalid_grant');
    });
  });

  it('of concurrent redemptions of one code exactly one wins', async () => {
    const { code } = await freshCode();
    const responses = await Promise.all(Array.from({ length: 6 }, () => redeemCode(server, apps.web, code)));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    const losers = responses.filter((r) => r.status !== 200);
    expect(losers).toHaveLength(5);
    for (const loser of losers) expect(loser.body.error).toBe('invalid_grant');
    // The losers are replays of a used code, so the winner's refresh token is revoked with its chain.
    const winner = responses.find((r) => r.status === 200)!;
    expectOAuthError(await refreshWith(server, apps.web, winner.body.refresh_token), 400, 'invalid_grant');
  });
});
