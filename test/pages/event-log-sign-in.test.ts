import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOfUser } from '../../src/store/audit.js';
import { Browser, codeIn, continueAs, lastOutboxMessage, makeUser } from '../support/pages.js';
import { startServer, type TestServer } from '../support/roster.js';

const PASSWORD = 'correct horse battery staple 42';
const WRONG_PASSWORD = 'Not-The-Password-7731';
const SIGN_UP_PASSWORD = 'a brand new passphrase 913';
const IMPORTED_HASH = '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

const typesOf = async (userId: string) => (await eventsOfUser(server.roster.database.db, userId)).map((e) => e.type);

async function passwordSignIn(identifier: string, password: string) {
  const browser = new Browser(server.url);
  return browser.submit(await continueAs(browser, identifier), '/auth/sign-in/password', { password });
}

describe('the event log of sign-ins', () => {
  const codes: string[] = [];

  it('a wrong password, then the right one: authentication failed, then authenticated, naming identity and method', async () => {
    const user = await makeUser(server.roster, { email: 'Signer@Example.com', password: PASSWORD });
    expect((await passwordSignIn('signer@example.com', WRONG_PASSWORD)).status).toBe(401);
    expect((await passwordSignIn('signer@example.com', PASSWORD)).status).toBe(303);
    const events = (await eventsOfUser(server.roster.database.db, user.id)).slice(-2);
    expect(events.map((e) => [e.type, e.actor, e.identity_id, e.data.method])).toEqual([
      ['user.authentication_failed', { type: 'user', id: user.id, source: 'user' }, user.identityIds[0], 'password'],
      ['user.authenticated', { type: 'user', id: user.id, source: 'user' }, user.identityIds[0], 'password'],
    ]);
    expect(events[1]!.data.identity).toMatchObject({ value: 'Signer@Example.com', type: 'email' });
  });

  it('a wrong code, then the right one: failed, then the identity confirmed and authenticated', async () => {
    const user = await makeUser(server.roster, { email: 'coder@example.com' });
    const browser = new Browser(server.url);
    const verify = await browser.submit(await continueAs(browser, 'coder@example.com'), '/auth/sign-in/code', {});
    const code = codeIn((await lastOutboxMessage(server.roster, 'coder@example.com'))!.body);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    codes.push(code, wrong);
    expect((await browser.submit(verify, '/auth/verify', { code: wrong })).status).toBe(401);
    expect((await browser.submit(verify, '/auth/verify', { code })).status).toBe(303);
    expect((await typesOf(user.id)).slice(-3)).toEqual(['user.authentication_failed', 'identity.confirmed', 'user.authenticated']);
    // Signing out everywhere is recorded too (a link asks first; the person confirms).
    const confirm = await browser.get('/logout?all_sessions=true');
    expect(confirm.text).toContain('Sign out everywhere?');
    const signOut = await browser.submit(confirm, '/auth/sign-out-everywhere', { everywhere: 'yes' });
    expect(signOut.status).toBeLessThan(400);
    expect((await typesOf(user.id)).at(-1)).toBe('user.sessions_ended');
  });

  it('no event holds a password, a hash, a code or a secret', async () => {
    const browser = new Browser(server.url);
    const verify = await browser.submit(await browser.get('/auth/sign-up'), '/auth/sign-up', {
      email: 'newcomer@example.com',
      given_name: 'New',
      family_name: 'Comer',
      password: SIGN_UP_PASSWORD,
    });
    const code = codeIn((await lastOutboxMessage(server.roster, 'newcomer@example.com'))!.body);
    codes.push(code);
    expect((await browser.submit(verify, '/auth/verify', { code })).status).toBe(303);
    const id = (await server.api('POST', '/api/v1/user', { identities: [{ type: 'email', details: { email: 'hashed@example.com' } }] }))
      .body.id;
    const set = await server.api('PUT', `/api/v1/users/${id}/password`, { hashed_password: IMPORTED_HASH, hashing_method: 'bcrypt' });
    expect(set.status).toBe(200);

    const db = server.roster.database.db;
    const hashes = (await db.selectFrom('user_passwords').select('hash').execute()).map((r) => r.hash);
    const secretHashes = (await db.selectFrom('applications').select('secret_hash').execute()).flatMap((r) =>
      r.secret_hash ? [r.secret_hash] : [],
    );
    const events = await db.selectFrom('audit_events').selectAll().execute();
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['user.password_set', 'user.authenticated', 'user.created']));
    const everything = JSON.stringify(events);
    const forbidden = [PASSWORD, WRONG_PASSWORD, SIGN_UP_PASSWORD, IMPORTED_HASH, ...hashes, ...secretHashes, ...codes];
    expect(forbidden.length).toBeGreaterThan(8);
    for (const secret of forbidden) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/\$argon2id\$|"password"|"code"\s*:|client_secret/);
  });
});
