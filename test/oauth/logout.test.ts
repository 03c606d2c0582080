import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../../src/services/applications.js';
import { startSession } from '../../src/services/sessions.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';
import { hop, signedInUser } from './authorize-support.js';

const REDIRECT = 'http://localhost:3000/api/auth/kinde_callback';
const HOME = 'http://localhost:3000';
const WITH_QUERY = 'http://localhost:3000/?a=1&b=2';
const OTHER_APP_HOME = 'https://other.example.com/signed-out';

describe(`GET /logout (${ENGINE})`, () => {
  let server: TestServer;
  let web: Application;
  let other: Application;

  const db = () => server.roster.database.db;
  const sessionRow = (id: string) => db().selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const refreshRow = (id: string) => db().selectFrom('refresh_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** A refresh token issued under the session, written as the token grant writes it. */
  async function refreshTokenFor(user: { userId: string; sessionId: string }, clientId: string): Promise<string> {
    const id = randomUUID();
    const now = new Date();
    await db()
      .insertInto('refresh_tokens')
      .values({
        id,
        token_hash: randomUUID(),
        chain_id: randomUUID(),
        client_id: clientId,
        user_id: user.userId,
        session_id: user.sessionId,
        scope: 'openid offline',
        audience: '[]',
        auth_time: now.toISOString(),
        created_on: now.toISOString(),
        expires_on: new Date(now.getTime() + 86_400_000).toISOString(),
        used_on: null,
        revoked_on: null,
      })
      .execute();
    return id;
  }

  const clearsCookie = (setCookie: string[]) => setCookie.some((c) => /^roster_session=;/.test(c) && /Max-Age=0/.test(c));

  beforeAll(async () => {
    server = await startServer();
    web = await createApplication(server.roster, { type: 'web', name: 'web', redirect_uris: [REDIRECT], logout_uris: [HOME, WITH_QUERY] });
    other = await createApplication(server.roster, {
      type: 'spa',
      name: 'other',
      redirect_uris: ['https://other.example.com/cb'],
      logout_uris: [OTHER_APP_HOME],
    });
  });
  afterAll(() => server.close());

  it('ends the session and revokes its refresh tokens, clears the cookie and returns to the unencoded redirect', async () => {
    const user = await signedInUser(server);
    const refreshId = await refreshTokenFor(user, web.client_id);
    const answer = await hop(server, `/logout?redirect=${HOME}`, user.token);
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(HOME);
    expect(clearsCookie(answer.setCookie)).toBe(true);
    expect((await sessionRow(user.sessionId)).ended_on).not.toBeNull();
    expect((await refreshRow(refreshId)).revoked_on).not.toBeNull();
    // The cookie no longer signs anyone in.
    const again = await hop(
      server,
      `/oauth2/auth?response_type=code&client_id=${web.client_id}&redirect_uri=${encodeURIComponent(REDIRECT)}`,
      user.token,
    );
    expect(again.location).toMatch(/^\/auth\/sign-in\?/);
  });

  it('takes an unencoded redirect that carries its own query, and an encoded one', async () => {
    expect((await hop(server, `/logout?redirect=${WITH_QUERY}`)).location).toBe(WITH_QUERY);
    expect((await hop(server, `/logout?redirect=${encodeURIComponent(WITH_QUERY)}`)).location).toBe(WITH_QUERY);
    expect((await hop(server, `/logout?redirect=${WITH_QUERY}&all_sessions=true`)).location).toBe(WITH_QUERY);
  });

  it('narrows the allowed URIs to the application named by client_id', async () => {
    expect((await hop(server, `/logout?client_id=${web.client_id}&redirect=${encodeURIComponent(HOME)}`)).location).toBe(HOME);
    const refused = await hop(server, `/logout?client_id=${web.client_id}&redirect=${encodeURIComponent(OTHER_APP_HOME)}`);
    expect(refused.status).toBe(200);
    expect(refused.location).toBeNull();
    expect((await hop(server, `/logout?redirect=${encodeURIComponent(OTHER_APP_HOME)}`)).location).toBe(OTHER_APP_HOME);
    expect((await hop(server, `/logout?client_id=${other.client_id}&redirect=${encodeURIComponent(OTHER_APP_HOME)}`)).location).toBe(
      OTHER_APP_HOME,
    );
  });

  it('signs out but shows a page instead of redirecting anywhere not registered', async () => {
    const attempts = [
      'https://evil.example.com',
      '//evil.example.com',
      '//evil.example.com/http://localhost:3000',
      'http://localhost:3000.evil.example.com',
      'http://localhost:3000@evil.example.com',
      'http://localhost:3001',
      'http://localhost:3000/',
      'http://localhost:3000/evil',
      'HTTP://LOCALHOST:3000',
      'javascript:alert(1)',
      REDIRECT,
      'http://localhost:3000/?a=1&b=2&c=3',
      'http://localhost:3000/?a=1',
      `${HOME}%250d%250aSet-Cookie:x=1`,
    ];
    for (const target of attempts) {
      for (const form of [target, encodeURIComponent(target)]) {
        const user = await signedInUser(server);
        const answer = await hop(server, `/logout?redirect=${form}`, user.token);
        expect(answer.status, form).toBe(200);
        expect(answer.location, form).toBeNull();
        expect(answer.body).toContain('You are signed out');
        expect(clearsCookie(answer.setCookie)).toBe(true);
        expect((await sessionRow(user.sessionId)).ended_on, form).not.toBeNull();
      }
    }
  });

  it('a redirect holding CR LF is refused as bad input, and signs nobody out', async () => {
    const user = await signedInUser(server);
    const answer = await hop(server, `/logout?redirect=${HOME}%0d%0aSet-Cookie:x=1`, user.token);
    expect(answer.status).toBe(400);
    expect(answer.location).toBeNull();
    expect(answer.setCookie.join('\n')).not.toContain('x=1');
    expect(clearsCookie(answer.setCookie)).toBe(false);
    expect((await sessionRow(user.sessionId)).ended_on).toBeNull();
  });

  it('shows the signed-out page without a redirect, and with no session at all', async () => {
    for (const path of ['/logout', '/logout?redirect=', '/logout?all_sessions=true']) {
      const answer = await hop(server, path);
      expect(answer.status).toBe(200);
      expect(answer.contentType).toMatch(/^text\/html/);
      expect(clearsCookie(answer.setCookie)).toBe(true);
    }
  });

  it('all_sessions=true ends every session of the user, and their refresh tokens, but nobody else’s', async () => {
    const user = await signedInUser(server);
    const second = await startSession(db(), { userId: user.userId, identityId: user.identityId });
    const stranger = await signedInUser(server);
    const tokens = [
      await refreshTokenFor(user, web.client_id),
      await refreshTokenFor({ userId: user.userId, sessionId: second.session.id }, web.client_id),
    ];
    const strangersToken = await refreshTokenFor(stranger, web.client_id);

    // A sign-out link on the application's own site: a cross-site one is confirmed first (test/hardening/logout-confirm).
    const answer = await hop(server, `/logout?redirect=${encodeURIComponent(HOME)}&all_sessions=true`, user.token, {
      'sec-fetch-site': 'same-site',
    });
    expect(answer.location).toBe(HOME);
    for (const id of [user.sessionId, second.session.id]) expect((await sessionRow(id)).ended_on).not.toBeNull();
    for (const id of tokens) expect((await refreshRow(id)).revoked_on).not.toBeNull();
    expect((await sessionRow(stranger.sessionId)).ended_on).toBeNull();
    expect((await refreshRow(strangersToken)).revoked_on).toBeNull();
  });

  it('without all_sessions ends only this browser’s session', async () => {
    const user = await signedInUser(server);
    const second = await startSession(db(), { userId: user.userId, identityId: user.identityId });
    await hop(server, '/logout', user.token);
    expect((await sessionRow(user.sessionId)).ended_on).not.toBeNull();
    expect((await sessionRow(second.session.id)).ended_on).toBeNull();
  });

  it('does not sign out on HEAD, which link checkers and prefetchers send', async () => {
    const user = await signedInUser(server);
    const response = await fetch(`${server.url}/logout?redirect=${HOME}`, {
      method: 'HEAD',
      redirect: 'manual',
      headers: { cookie: `roster_session=${user.token}` },
    });
    expect(response.status).toBe(404);
    expect((await sessionRow(user.sessionId)).ended_on).toBeNull();
  });

  it('follows OpenID Connect: post_logout_redirect_uri gets the state back', async () => {
    const answer = await hop(
      server,
      `/logout?post_logout_redirect_uri=${encodeURIComponent(OTHER_APP_HOME)}&state=${encodeURIComponent('a b&c')}`,
    );
    expect(answer.location).toBe(`${OTHER_APP_HOME}?state=a+b%26c`);
  });
});
