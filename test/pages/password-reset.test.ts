import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyArgon2 } from '../../src/auth/passwords.js';
import { SESSION_COOKIE } from '../../src/http/cookies.js';
import { createApplication } from '../../src/services/applications.js';
import { inTransaction } from '../../src/services/context.js';
import { describeLiveRefreshToken, issueRefreshToken } from '../../src/services/refresh-tokens.js';
import { findSession } from '../../src/services/sessions.js';
import { eventsOfUser } from '../../src/store/audit.js';
import { listOutbox } from '../../src/store/outbox.js';
import { findPassword } from '../../src/store/passwords.js';
import { Browser, codeIn, continueAs, lastOutboxMessage, makeUser, type PageResponse } from '../support/pages.js';
import { startServer, type TestServer } from '../support/roster.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const OLD = 'the old password here';
const NEW = 'a brand new passphrase';

/** From the password step, "Forgot your password?", then the email: the code page. */
async function startReset(identifier: string) {
  const browser = new Browser(server.url);
  const methods = await continueAs(browser, identifier, '?request=req_reset');
  const link = /href="([^"]+)">Forgot your password\?<\/a>/.exec(methods.text)![1]!;
  const form = await browser.get(link.replaceAll('&amp;', '&'));
  expect(form.status).toBe(200);
  const prefilled = /<input id="identifier"[^>]*value="([^"]*)"/.exec(form.text)?.[1] ?? '';
  const verify = await browser.submit(form, '/auth/password-reset', { identifier: prefilled || identifier });
  return { browser, form, verify };
}

const passwordWorks = async (identifier: string, password: string) => {
  const browser = new Browser(server.url);
  return (await browser.submit(await continueAs(browser, identifier), '/auth/sign-in/password', { password })).status === 303;
};

describe('forgot password', () => {
  it('proves the person with a code, sets the new password, ends every other session and refresh token, and records it', async () => {
    const user = await makeUser(server.roster, { email: 'forgetful@example.com', password: OLD });
    // A session elsewhere, with a refresh token issued under it.
    const elsewhere = new Browser(server.url);
    expect(
      (await elsewhere.submit(await continueAs(elsewhere, 'forgetful@example.com'), '/auth/sign-in/password', { password: OLD })).status,
    ).toBe(303);
    const oldSession = (await findSession(server.roster, elsewhere.cookies.get(SESSION_COOKIE)))!;
    const app = await createApplication(server.roster, { type: 'spa', name: 'Reset app', redirect_uris: ['http://localhost:3999/r/cb'] });
    const refreshToken = await inTransaction(server.roster, (trx) =>
      issueRefreshToken(
        trx,
        {
          chainId: 'chain_reset',
          clientId: app.client_id,
          userId: user.id,
          sessionId: oldSession.id,
          scope: 'openid',
          audience: '[]',
          authTime: new Date().toISOString(),
        },
        3600,
        new Date(),
      ),
    );
    expect(await describeLiveRefreshToken(server.roster, refreshToken)).toBeDefined();

    const { browser, form, verify } = await startReset('forgetful@example.com');
    expect(form.text).toContain('value="forgetful@example.com"');
    expect(verify.status).toBe(200);
    expect(verify.text).toContain('<h1>Reset your password</h1>');
    expect(verify.text).toMatch(/id="new-password"[^>]*autocomplete="new-password"|autocomplete="new-password"[^>]*id="new-password"/);
    const message = (await lastOutboxMessage(server.roster, 'forgetful@example.com'))!;
    expect(message.subject).toBe('Your password reset code');

    const done = await browser.submit(verify, '/auth/verify', { code: codeIn(message.body), password: NEW });
    expect(done.status, done.text).toBe(303);
    expect(done.headers.get('location')).toBe('/oauth2/auth/resume?request=req_reset');
    expect((await findSession(server.roster, browser.cookies.get(SESSION_COOKIE)))?.userId).toBe(user.id);
    expect(await findSession(server.roster, elsewhere.cookies.get(SESSION_COOKIE))).toBeUndefined();
    expect(await describeLiveRefreshToken(server.roster, refreshToken)).toBeUndefined();
    expect(await verifyArgon2((await findPassword(server.roster.database.db, user.id))!.hash, NEW)).toBe(true);
    expect(await passwordWorks('forgetful@example.com', OLD)).toBe(false);
    expect(await passwordWorks('forgetful@example.com', NEW)).toBe(true);
    const event = (await eventsOfUser(server.roster.database.db, user.id)).find((e) => e.type === 'user.password_reset');
    expect(event).toMatchObject({ user_id: user.id, data: { sessions_ended: 1 } });
  });

  it('checks the new password first, reporting it with a malformed code at once, and spends no try on it', async () => {
    const user = await makeUser(server.roster, { email: 'weak@example.com', password: OLD });
    const { browser, verify } = await startReset('weak@example.com');
    const both = await browser.submit(verify, '/auth/verify', { code: '12', password: 'short' });
    expect(both.status).toBe(400);
    expect(both.text).toContain('Enter the 6-digit code we sent you');
    expect(both.text).toContain('Use at least 8 characters');
    const code = codeIn((await lastOutboxMessage(server.roster, 'weak@example.com'))!.body);
    const common = await browser.submit(verify, '/auth/verify', { code, password: 'Password123' });
    expect(common.status).toBe(400);
    expect(common.text).toContain('most common');
    expect(await passwordWorks('weak@example.com', OLD)).toBe(true);
    const done = await browser.submit(verify, '/auth/verify', { code, password: NEW });
    expect(done.status, done.text).toBe(303);
    expect((await eventsOfUser(server.roster.database.db, user.id)).filter((e) => e.type === 'user.password_reset')).toHaveLength(1);
  });

  it('answers the same for an email nobody has, sends nothing, and no code resets anything', async () => {
    await makeUser(server.roster, { email: 'real.reset@example.com', password: OLD });
    const scrub = (page: PageResponse, who: string) =>
      page.text
        .replaceAll(who, 'ID')
        .replace(/otc_[0-9a-f]{32}/g, 'CHALLENGE')
        .replace(/value="[A-Za-z0-9_-]{43}"/g, '');
    const known = await startReset('real.reset@example.com');
    const before = (await listOutbox(server.roster.database.db)).length;
    const unknown = await startReset('nobody.reset@example.com');
    expect(unknown.verify.status).toBe(known.verify.status);
    expect(scrub(unknown.verify, 'nobody.reset@example.com')).toBe(scrub(known.verify, 'real.reset@example.com'));
    expect((await listOutbox(server.roster.database.db)).length).toBe(before);
    const tried = await unknown.browser.submit(unknown.verify, '/auth/verify', { code: '123456', password: NEW });
    expect(tried.status).toBe(401);
    expect(unknown.browser.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('asks a person who typed a username where to send the code, and reads a phone number with its country', async () => {
    await makeUser(server.roster, { username: 'resetter', phone: '+447911123456', password: OLD });
    const { form } = await startReset('resetter');
    expect(form.text).toMatch(/id="identifier"[^>]*>/);
    expect(form.text).not.toContain('value="resetter"');
    const browser = new Browser(server.url);
    const page = await browser.get('/auth/password-reset');
    const verify = await browser.submit(page, '/auth/password-reset', { identifier: '07911 123456', country: 'GB' });
    expect(verify.status).toBe(200);
    expect(verify.text).toContain('+447911123456');
    expect(verify.text).toContain('by text message');
    const bad = await browser.submit(page, '/auth/password-reset', { identifier: 'x@' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter an email address like name@example.com');
  });
});
