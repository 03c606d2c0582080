import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyArgon2 } from '../../src/auth/passwords.js';
import { normaliseImportedPassword } from '../../src/domain/imported-password.js';
import { SESSION_COOKIE } from '../../src/http/cookies.js';
import { findSession } from '../../src/services/sessions.js';
import { findIdentity } from '../../src/store/identities.js';
import { savePassword } from '../../src/store/passwords.js';
import { findUser } from '../../src/store/users.js';
import { Browser, continueAs, makeUser, openSignIn } from '../support/pages.js';
import { startServer, type TestServer } from '../support/roster.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const PASSWORD = 'correct horse battery';

async function signIn(identifier: string, password: string, query = '?request=req_abc123') {
  const browser = new Browser(server.url);
  const page = await continueAs(browser, identifier, query);
  const response = await browser.submit(page, '/auth/sign-in/password', { password });
  return { browser, response };
}

describe('password sign-in through the hosted page', () => {
  it('signs in with email and password, returns to the authorization request, and counts the sign-in', async () => {
    const user = await makeUser(server.roster, { email: 'ada@example.com', password: PASSWORD });
    const { browser, response } = await signIn('Ada@Example.com', PASSWORD);
    expect(response.status, response.text).toBe(303);
    expect(response.headers.get('location')).toBe('/oauth2/auth/resume?request=req_abc123');
    const session = await findSession(server.roster, browser.cookies.get(SESSION_COOKIE));
    expect(session?.userId).toBe(user.id);
    expect(session?.identityId).toBe(user.identityIds[0]);
    const row = await findUser(server.roster.database.db, user.id);
    expect(row?.total_sign_ins).toBe(1);
    expect(row?.last_signed_in).not.toBeNull();
    const identity = await findIdentity(server.roster.database.db, user.identityIds[0]!);
    expect(identity?.total_logins).toBe(1);
    expect(identity?.last_login_on).not.toBeNull();
    // A password proves nothing about the mailbox.
    expect(identity?.is_confirmed).toBe(0);
  });

  it('signs in with a username (any case) and the same password, and shows who is signed in', async () => {
    const user = await makeUser(server.roster, { email: 'grace@example.com', username: 'GraceH', password: PASSWORD, givenName: 'Grace' });
    const { browser, response } = await signIn('graceh', PASSWORD, '');
    expect(response.status, response.text).toBe(303);
    expect(response.headers.get('location')).toBe('/auth/signed-in');
    const page = await browser.get('/auth/signed-in');
    expect(page.text).toContain('Grace (GraceH)');
    expect(page.text).toContain('href="/logout"');
    const identity = await findIdentity(server.roster.database.db, user.identityIds[1]!);
    expect(identity?.total_logins).toBe(1);
    expect((await findUser(server.roster.database.db, user.id))?.total_sign_ins).toBe(1);
  });

  it('gives an unknown user and a wrong password byte-identical answers, each after one argon2 verification', async () => {
    const user = await makeUser(server.roster, { email: 'alan@example.com', password: PASSWORD });
    // One browser (one CSRF token), so the identifier echoed into the form is the only difference.
    const browser = new Browser(server.url);
    const known = await continueAs(browser, 'alan@example.com', '?request=req_abc123');
    const nobody = await continueAs(browser, 'nobody@example.com', '?request=req_abc123');
    expect(known.text.replaceAll('alan@example.com', 'ID')).toBe(nobody.text.replaceAll('nobody@example.com', 'ID'));
    const wrong = { response: await browser.submit(known, '/auth/sign-in/password', { password: 'not the password' }) };
    const unknown = { response: await browser.submit(nobody, '/auth/sign-in/password', { password: 'not the password' }) };
    expect(wrong.response.status).toBe(401);
    expect(unknown.response.status).toBe(401);
    expect(wrong.response.text.replaceAll('alan@example.com', 'ID')).toBe(unknown.response.text.replaceAll('nobody@example.com', 'ID'));
    expect(wrong.response.text).toContain('Incorrect email, username or password');
    expect((await findUser(server.roster.database.db, user.id))?.failed_sign_ins).toBe(1);

    // Both paths pay for one verification; neither is a quick "no such user". Load only ever adds time, so the
    // fastest of a few tries of each path is compared with the fastest of a few bare verifications here.
    const stored = await hashPassword(PASSWORD);
    const fastest = async (work: () => Promise<unknown>) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await work();
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const attempt = async (identifier: string) => {
      const browser = new Browser(server.url);
      const page = await continueAs(browser, identifier);
      const started = performance.now();
      await browser.submit(page, '/auth/sign-in/password', { password: 'still wrong!' });
      return performance.now() - started;
    };
    const verification = await fastest(() => verifyArgon2(stored, 'still wrong!'));
    let n = 0;
    expect(
      await fastest(() => attempt(`nobody${n++}@example.com`)),
      `an unknown user, against ${verification.toFixed(1)} ms`,
    ).toBeGreaterThan(verification * 0.6);
    expect(await fastest(() => attempt('alan@example.com')), `a wrong password, against ${verification.toFixed(1)} ms`).toBeGreaterThan(
      verification * 0.6,
    );
    // A user without a password, and one whose imported MD5 hash checks in microseconds, cost one verification too.
    await makeUser(server.roster, { email: 'nohash@example.com' });
    const md5 = await makeUser(server.roster, { email: 'md5@example.com' });
    const imported = normaliseImportedPassword({
      hashing_method: 'md5',
      hashed_password: createHash('md5').update(PASSWORD).digest('hex'),
    });
    await savePassword(server.roster.database.db, {
      user_id: md5.id,
      algorithm: imported.algorithm,
      hash: imported.hash,
      params: null,
      updated_on: new Date().toISOString(),
    });
    for (const [who, identifier] of [
      ['no password', 'nohash@example.com'],
      ['an imported MD5 hash', 'md5@example.com'],
    ]) {
      expect(await fastest(() => attempt(identifier!)), `${who}, against ${verification.toFixed(1)} ms`).toBeGreaterThan(
        verification * 0.6,
      );
    }
  });

  it('a user without a password gets the same answer as a wrong password', async () => {
    await makeUser(server.roster, { email: 'nopass@example.com' });
    const { response } = await signIn('nopass@example.com', 'anything at all');
    expect(response.status).toBe(401);
    expect(response.text).toContain('Incorrect email, username or password');
  });

  /** Time passes: every lock in force runs out. */
  const locksRunOut = () =>
    server.roster.database.db
      .updateTable('sign_in_attempts')
      .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
      .where('locked_until', 'is not', null)
      .execute();
  const attemptsOf = () => server.roster.database.db.selectFrom('sign_in_attempts').selectAll().execute();

  it('locks password sign-in after 5 failures, even for the right password, and releases it after 5 minutes', async () => {
    const user = await makeUser(server.roster, { username: 'locksmith', password: PASSWORD });
    const before = new Set((await attemptsOf()).map((a) => a.key));
    for (let i = 0; i < 5; i++) expect((await signIn('locksmith', `wrong ${i}`)).response.status).toBe(401);
    const locked = await signIn('locksmith', PASSWORD);
    expect(locked.response.status).toBe(429);
    expect(locked.response.text).toMatch(/Try again after \d\d:\d\d UTC/);
    expect(locked.browser.cookies.has(SESSION_COOKIE)).toBe(false);
    // Two counters: this identifier from this address (locked), and this identifier from anywhere.
    const counted = (await attemptsOf()).filter((a) => !before.has(a.key));
    expect(counted.map((a) => a.failures)).toEqual([5, 5]);
    const lock = counted.find((a) => a.locked_until !== null);
    expect(Date.parse(lock!.locked_until!) - Date.now()).toBeGreaterThan(4 * 60_000);
    expect((await findUser(server.roster.database.db, user.id))?.failed_sign_ins).toBe(5);

    await locksRunOut();
    const released = await signIn('locksmith', PASSWORD);
    expect(released.response.status, released.response.text).toBe(303);
    const cleared = (await attemptsOf()).filter((a) => !before.has(a.key));
    expect(cleared.map((a) => [a.failures, a.locked_until])).toEqual([
      [0, null],
      [0, null],
    ]);
  });

  it('an unknown username is locked after 5 failures exactly like a known one', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('nobodyhere', `wrong ${i}`)).response.status).toBe(401);
    const locked = await signIn('nobodyhere', PASSWORD);
    expect(locked.response.status).toBe(429);
    expect(locked.response.text).toMatch(/Too many incorrect passwords. Try again after \d\d:\d\d UTC/);
  });

  it('after a lock runs out, one more failure does not lock again at once', async () => {
    await makeUser(server.roster, { username: 'relocker', password: PASSWORD });
    for (let i = 0; i < 5; i++) await signIn('relocker', `wrong ${i}`);
    await locksRunOut();
    expect((await signIn('relocker', 'wrong again')).response.status).toBe(401);
    expect((await signIn('relocker', PASSWORD)).response.status).toBe(303);
  });

  it('concurrent wrong guesses cannot get past the lock', async () => {
    await makeUser(server.roster, { username: 'stampede', password: PASSWORD });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => signIn('stampede', `wrong ${i}`)));
    const statuses = results.map((r) => r.response.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect((await signIn('stampede', PASSWORD)).response.status).toBe(429);
  });

  it('60 parallel sign-ins with the right password all succeed', async () => {
    await makeUser(server.roster, { username: 'popular', password: PASSWORD });
    const results = await Promise.all(Array.from({ length: 60 }, () => signIn('popular', PASSWORD)));
    expect(results.map((r) => r.response.status)).toEqual(Array<number>(60).fill(303));
  });

  it('tells a suspended user so only after the right password', async () => {
    const user = await makeUser(server.roster, { email: 'suspended@example.com', password: PASSWORD });
    await server.roster.database.db.updateTable('users').set({ is_suspended: 1 }).where('id', '=', user.id).execute();
    const wrong = await signIn('suspended@example.com', 'wrong password');
    expect(wrong.response.status).toBe(401);
    expect(wrong.response.text).not.toContain('account is suspended');
    const right = await signIn('suspended@example.com', PASSWORD);
    expect(right.response.status).toBe(403);
    expect(right.response.text).toContain('This account is suspended');
    expect(right.browser.cookies.has(SESSION_COOKIE)).toBe(false);
    expect((await findUser(server.roster.database.db, user.id))?.total_sign_ins).toBe(0);
  });

  it('re-renders the form with field errors for missing or malformed input', async () => {
    const browser = new Browser(server.url);
    const empty = await browser.submit(await openSignIn(browser), '/auth/sign-in', { identifier: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Enter your email, phone number or username');
    expect(empty.text).toMatch(/id="identifier"[^>]*aria-invalid="true"[^>]*aria-describedby="identifier-error"/);
    const noPassword = await signIn('someone@example.com', '');
    expect(noPassword.response.status).toBe(400);
    expect(noPassword.response.text).toContain('Enter your password');
    expect(noPassword.response.text).toMatch(/id="password"[^>]*aria-invalid="true"/);
    const bad = await browser.submit(await openSignIn(browser), '/auth/sign-in', { identifier: 'not a username!' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter an email address, a phone number, or a username');
  });
});
