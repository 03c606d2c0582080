import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import type { Page } from '../support/form-client.js';
import { ENGINE } from '../support/roster.js';
import {
  authorizeUrl,
  callbackUri,
  codeOf,
  continueWith,
  FormClient,
  isCallbackTo,
  openHostedPage,
  randomEmail,
  redeem,
  refresh,
  signInWithPassword,
  signUpUser,
  submitPassword,
  tokenRequest,
  useSignInServer,
  type ClientApp,
} from '../support/sign-in.js';

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');
const EVIL = 'evil.example.com';

/**
 * Attacks on the sign-in server, each refused as RFC 6749 §10, RFC 7636 and RFC 6819 say, and refused without side
 * effects: no tokens handed out, no session started, and a compromised refresh chain dead.
 */
describe(`sign-in security (${ENGINE})`, () => {
  const server = useSignInServer('security');
  const redirect = callbackUri('sec');
  const otherRedirect = callbackUri('sec-other');
  const logoutUri = 'http://localhost:3999/sec/signed-out';
  const password = 'Enigma-Bombe-1939';
  let web: ClientApp;
  let other: ClientApp;
  let spa: ClientApp;
  let email: string;

  const url = (app: ClientApp, extra: Partial<Parameters<typeof authorizeUrl>[1]> = {}) =>
    authorizeUrl(server.url, { clientId: app.client_id, redirectUri: app === other ? otherRedirect : redirect, ...extra });

  /** A fresh browser signed in as the shared user; returns the browser and the callback URL with the code. */
  async function signedIn(app = web, extra: Partial<Parameters<typeof authorizeUrl>[1]> = {}, who = email) {
    const browser = new FormClient();
    const callback = await signInWithPassword(browser, url(app, extra), who, password, app === other ? otherRedirect : redirect);
    return { browser, callback };
  }

  /** prompt=none from this browser: login_required unless it holds a live session. */
  async function hasSession(browser: FormClient): Promise<boolean> {
    const answer = await browser.get(url(web, { prompt: 'none', state: 'probe' }));
    expect(answer.status).toBe(302);
    const params = new URL(answer.location!).searchParams;
    if (params.get('code')) return true;
    expect(params.get('error')).toMatch(/^(login_required|interaction_required|access_denied)$/);
    return false;
  }

  /** No Location at all, or one back to this server: never to another host, never to an unregistered URI. */
  const staysHome = (page: Page) => {
    if (page.location) expect(new URL(page.location).origin, `redirected to ${page.location}`).toBe(server.url);
  };

  const refused = (page: Page) => expect(page.location && isCallbackTo(redirect)(page.location), `signed in: ${page.location}`).toBeFalsy();

  beforeAll(async () => {
    [web, other, spa] = await Promise.all([
      server.app({ type: 'web', name: 'Web', redirectUris: [redirect, `${redirect}/second`], logoutUris: [logoutUri] }),
      server.app({ type: 'web', name: 'Other web', redirectUris: [otherRedirect] }),
      server.app({ type: 'spa', name: 'SPA', redirectUris: [redirect], origins: ['http://localhost:3999'] }),
    ]);
    email = randomEmail('alan');
    await signUpUser(server, web, redirect, { email, given_name: 'Alan', family_name: 'Turing', password });
  });

  describe('authorization codes', () => {
    it('a code redeemed twice: the second is invalid_grant and the tokens from the first are revoked', async () => {
      const { callback } = await signedIn();
      const first = await redeem(server.url, web, callback, redirect);
      const again = await tokenRequest(server.url, {
        grant_type: 'authorization_code',
        code: codeOf(callback).code,
        redirect_uri: redirect,
        client_id: web.client_id,
        client_secret: web.client_secret!,
      });
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ error: 'invalid_grant' });
      expect(again.body.access_token).toBeUndefined();
      expect((await refresh(server.url, web, first.refresh_token!)).body).toMatchObject({ error: 'invalid_grant' });
    });

    it('a redirect_uri at the token endpoint other than the authorize one is invalid_grant', async () => {
      const { callback } = await signedIn();
      const answer = await tokenRequest(server.url, {
        grant_type: 'authorization_code',
        code: codeOf(callback).code,
        redirect_uri: `${redirect}/second`,
        client_id: web.client_id,
        client_secret: web.client_secret!,
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'invalid_grant' });
      expect(answer.body.access_token).toBeUndefined();
    });

    it('a code issued to one client is invalid_grant for another', async () => {
      const { callback } = await signedIn();
      const answer = await tokenRequest(server.url, {
        grant_type: 'authorization_code',
        code: codeOf(callback).code,
        redirect_uri: redirect,
        client_id: other.client_id,
        client_secret: other.client_secret!,
      });
      expect(answer.body).toMatchObject({ error: 'invalid_grant' });
      expect(answer.body.access_token).toBeUndefined();
    });

    it('PKCE: a wrong verifier or none at all is invalid_grant', async () => {
      const verifier = randomBytes(32).toString('base64url');
      for (const attempt of [{ code_verifier: randomBytes(32).toString('base64url') }, {}] as Record<string, string>[]) {
        const { callback } = await signedIn(spa, { codeChallenge: s256(verifier) });
        const answer = await tokenRequest(server.url, {
          grant_type: 'authorization_code',
          code: codeOf(callback).code,
          redirect_uri: redirect,
          client_id: spa.client_id,
          ...attempt,
        });
        expect(answer.status).toBe(400);
        expect(answer.body.error).toMatch(attempt.code_verifier ? /^invalid_grant$/ : /^(invalid_grant|invalid_request)$/);
        expect(answer.body.access_token).toBeUndefined();
      }
      // The right verifier still works, so it was the verifier that was refused.
      const { callback } = await signedIn(spa, { codeChallenge: s256(verifier) });
      expect((await redeem(server.url, spa, callback, redirect, { code_verifier: verifier })).access_token).toEqual(expect.any(String));
    });

    it('an expired code is invalid_grant', async () => {
      const { callback } = await signedIn(other);
      // Age the unredeemed codes of this one client instead of waiting out their lifetime.
      const database = openDatabase({ databaseUrl: server.database.config.databaseUrl, dataDir: server.database.config.dataDir });
      try {
        const aged = await database.db
          .updateTable('authorization_codes')
          .set({ created_on: '2000-01-01T00:00:00.000Z', expires_on: '2000-01-01T00:01:00.000Z' })
          .where('client_id', '=', other.client_id)
          .where('used_on', 'is', null)
          .executeTakeFirst();
        expect(Number(aged.numUpdatedRows)).toBeGreaterThanOrEqual(1);
      } finally {
        await database.close();
      }
      const answer = await tokenRequest(server.url, {
        grant_type: 'authorization_code',
        code: codeOf(callback).code,
        redirect_uri: otherRedirect,
        client_id: other.client_id,
        client_secret: other.client_secret!,
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'invalid_grant' });
    });
  });

  describe('refresh tokens', () => {
    it('reusing a rotated refresh token is invalid_grant and kills its successor too', async () => {
      const { callback } = await signedIn();
      const tokens = await redeem(server.url, web, callback, redirect);
      const rotated = await refresh(server.url, web, tokens.refresh_token!);
      expect(rotated.status).toBe(200);
      expect(rotated.body.refresh_token).not.toBe(tokens.refresh_token);

      const reuse = await refresh(server.url, web, tokens.refresh_token!);
      expect(reuse.status).toBe(400);
      expect(reuse.body).toMatchObject({ error: 'invalid_grant' });
      expect(reuse.body.access_token).toBeUndefined();
      expect((await refresh(server.url, web, rotated.body.refresh_token)).body).toMatchObject({ error: 'invalid_grant' });
    });

    it('a refresh token is bound to its client', async () => {
      const { callback } = await signedIn();
      const tokens = await redeem(server.url, web, callback, redirect);
      expect((await refresh(server.url, other, tokens.refresh_token!)).body).toMatchObject({ error: 'invalid_grant' });
    });
  });

  describe('clients', () => {
    it('an unknown client at /oauth2/auth gets an error page, not a redirect', async () => {
      const answer = await new FormClient().get(authorizeUrl(server.url, { clientId: 'no-such-client', redirectUri: redirect }));
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.location).toBeUndefined();
      expect(answer.headers.get('content-type')).toMatch(/text\/html/);
    });

    it('an unknown client or a wrong secret at the token endpoint is invalid_client', async () => {
      const { callback } = await signedIn();
      const { code } = codeOf(callback);
      for (const credentials of [
        { client_id: 'no-such-client', client_secret: web.client_secret! },
        { client_id: web.client_id, client_secret: wrongSecret(web.client_secret!) },
      ]) {
        const answer = await tokenRequest(server.url, { grant_type: 'authorization_code', code, redirect_uri: redirect, ...credentials });
        expect([400, 401]).toContain(answer.status);
        expect(answer.body).toMatchObject({ error: 'invalid_client' });
      }
    });
  });

  /** The secret with its last character changed (to one it is not). */
  const wrongSecret = (secret: string) => secret.slice(0, -1) + (secret.endsWith('x') ? 'y' : 'x');

  describe('open redirects', () => {
    const foreign = [
      `https://${EVIL}/`,
      `//${EVIL}/x`,
      `http://localhost:3999@${EVIL}/sec/callback`,
      `https:${EVIL}`,
      `/\\${EVIL}`,
      `http://localhost:3999/sec/other`,
    ];

    it('/oauth2/auth never redirects to an unregistered redirect_uri', async () => {
      for (const target of [...foreign, `${redirect}x`, `${redirect}/../../x`]) {
        const answer = await new FormClient().get(authorizeUrl(server.url, { clientId: web.client_id, redirectUri: target }));
        staysHome(answer);
        if (!answer.location) expect(answer.status, target).toBeGreaterThanOrEqual(400);
      }
    });

    it('/logout never redirects to an unregistered address, signed in or not', async () => {
      const { browser } = await signedIn();
      for (const client of [new FormClient(), browser]) {
        for (const target of foreign) {
          for (const query of [`redirect=${encodeURIComponent(target)}`, `redirect=${target}`]) {
            staysHome(await client.get(`${server.url}/logout?${query}`));
          }
        }
      }
      expect((await new FormClient().get(`${server.url}/logout?redirect=${logoutUri}`)).location).toBe(logoutUri);
    });
  });

  describe('password sign-in', () => {
    it('a forged CSRF token is refused and starts no session', async () => {
      const browser = new FormClient();
      const page = await continueWith(browser, await openHostedPage(browser, url(web)), email);
      const answer = await browser.submit(page, '/auth/sign-in/password', { password, csrf: 'forged' });
      refused(await browser.follow(answer.url, isCallbackTo(redirect), answer));
      expect(await hasSession(browser)).toBe(false);
    });

    it('after 5 wrong passwords the right one is refused too, and no session starts', async () => {
      const victim = randomEmail('joan');
      await signUpUser(server, web, redirect, { email: victim, given_name: 'Joan', family_name: 'Clarke', password });
      await signedIn(web, {}, victim); // the password itself works
      const browser = new FormClient();
      for (let attempt = 1; attempt <= 5; attempt++) {
        refused(await submitPassword(browser, await openHostedPage(browser, url(web)), victim, `Wrong-guess-${attempt}-xyz`, redirect));
      }
      const sixth = await submitPassword(browser, await openHostedPage(browser, url(web)), victim, password, redirect);
      refused(sixth);
      expect(await hasSession(browser)).toBe(false);
      // Another browser with the right password is locked out as well: the lock is on the account.
      const other = new FormClient();
      refused(await submitPassword(other, await openHostedPage(other, url(web)), victim, password, redirect));
      expect(await hasSession(other)).toBe(false);
    });

    it('a suspended user cannot sign in, refresh, or use a live session', async () => {
      const victim = randomEmail('mallory');
      const userId = await signUpUser(server, web, redirect, { email: victim, given_name: 'Mallory', family_name: 'Suspended', password });
      const { browser, callback } = await signedIn(web, {}, victim);
      const tokens = await redeem(server.url, web, callback, redirect);

      const suspended = await server.api('PATCH', `/api/v1/user?id=${userId}`, { is_suspended: true });
      expect(suspended.status).toBe(200);

      const again = new FormClient();
      const answer = await submitPassword(again, await openHostedPage(again, url(web)), victim, password, redirect);
      refused(answer);
      expect(answer.status).toBe(403);
      expect(answer.html).toContain('This account is suspended');
      expect((await refresh(server.url, web, tokens.refresh_token!)).body).toMatchObject({ error: 'invalid_grant' });
      expect(await hasSession(browser)).toBe(false);
    });
  });
});
