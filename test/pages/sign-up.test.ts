import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/http/cookies.js';
import { findSession } from '../../src/services/sessions.js';
import { eventsOfUser } from '../../src/store/audit.js';
import { findIdentityByKey, identitiesOfUsers } from '../../src/store/identities.js';
import { findPassword } from '../../src/store/passwords.js';
import { findUser } from '../../src/store/users.js';
import { Browser, codeIn, continueAs, lastOutboxMessage, makeUser, type PageResponse } from '../support/pages.js';
import { startServer, type TestServer } from '../support/roster.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const countUsers = async () =>
  Number(
    (
      await server.roster.database.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function signUp(fields: { email: string; given_name?: string; family_name?: string; password?: string }, query = '?request=req_up1') {
  const browser = new Browser(server.url);
  const form = await browser.get(`/auth/sign-up${query}`);
  expect(form.status).toBe(200);
  const verify = await browser.submit(form, '/auth/sign-up', { given_name: '', family_name: '', password: '', ...fields });
  return { browser, verify };
}

async function finish(browser: Browser, verify: PageResponse, email: string) {
  const message = await lastOutboxMessage(server.roster, email);
  expect(message, `no message to ${email}`).toBeDefined();
  return browser.submit(verify, '/auth/verify', { code: codeIn(message!.body) });
}

describe('sign-up through the hosted page', () => {
  it('creates the user with a confirmed primary email and the password once the code is entered', async () => {
    const { browser, verify } = await signUp({
      email: 'Joan@Example.com',
      given_name: 'Joan',
      family_name: 'Clarke',
      password: 'enigma machine 1940',
    });
    expect(verify.status, verify.text).toBe(200);
    expect(verify.text).toContain('<form method="post" action="/auth/verify"');
    expect(await findIdentityByKey(server.roster.database.db, 'email', 'joan@example.com')).toBeUndefined();
    const done = await finish(browser, verify, 'Joan@Example.com');
    expect(done.status, done.text).toBe(303);
    expect(done.headers.get('location')).toBe('/oauth2/auth/resume?request=req_up1');
    const identity = (await findIdentityByKey(server.roster.database.db, 'email', 'joan@example.com'))!;
    expect(identity.name).toBe('Joan@Example.com');
    expect(identity.is_primary).toBe(1);
    expect(identity.is_confirmed).toBe(1);
    expect(identity.total_logins).toBe(1);
    const user = (await findUser(server.roster.database.db, identity.user_id))!;
    expect([user.first_name, user.last_name]).toEqual(['Joan', 'Clarke']);
    expect(user.total_sign_ins).toBe(1);
    expect((await findSession(server.roster, browser.cookies.get(SESSION_COOKIE)))?.userId).toBe(user.id);
    expect((await findPassword(server.roster.database.db, user.id))?.algorithm).toBe('argon2id');
    const events = await eventsOfUser(server.roster.database.db, user.id);
    expect(events.map((e) => [e.type, e.actor])).toEqual([
      ['user.created', { type: 'user', id: user.id, source: 'user' }],
      ['identity.created', { type: 'user', id: user.id, source: 'user' }],
      ['user.authenticated', { type: 'user', id: user.id, source: 'user' }],
    ]);

    // The password now works on the sign-in page.
    const again = new Browser(server.url);
    const signedIn = await again.submit(await continueAs(again, 'joan@example.com'), '/auth/sign-in/password', {
      password: 'enigma machine 1940',
    });
    expect(signedIn.status).toBe(303);
  });

  it('signs up with a code only', async () => {
    const { browser, verify } = await signUp({ email: 'codeonly@example.com' }, '');
    const done = await finish(browser, verify, 'codeonly@example.com');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/auth/signed-in');
    const identity = (await findIdentityByKey(server.roster.database.db, 'email', 'codeonly@example.com'))!;
    expect(await findPassword(server.roster.database.db, identity.user_id)).toBeUndefined();
  });

  it('signs an existing owner of the email in, changing nothing and creating no one', async () => {
    const existing = await makeUser(server.roster, { email: 'taken@example.com', password: 'the original one', givenName: 'Orig' });
    const users = await countUsers();
    const { browser, verify } = await signUp({ email: 'taken@example.com', given_name: 'Imposter', password: 'a brand new password' });
    expect(verify.status).toBe(200);
    const done = await finish(browser, verify, 'taken@example.com');
    expect(done.status).toBe(303);
    expect(await countUsers()).toBe(users);
    expect((await findSession(server.roster, browser.cookies.get(SESSION_COOKIE)))?.userId).toBe(existing.id);
    expect((await findUser(server.roster.database.db, existing.id))?.first_name).toBe('Orig');
    const stillOld = new Browser(server.url);
    expect(
      (
        await stillOld.submit(await continueAs(stillOld, 'taken@example.com'), '/auth/sign-in/password', {
          password: 'the original one',
        })
      ).status,
    ).toBe(303);
  });

  it('answers the sign-up form the same whether or not the email is taken', async () => {
    await makeUser(server.roster, { email: 'same1@example.com' });
    const taken = await signUp({ email: 'same1@example.com' });
    const free = await signUp({ email: 'same2@example.com' });
    const scrub = (text: string) =>
      text
        .replace(/same[12]@/g, 'X@')
        .replace(/value="[A-Za-z0-9_-]{43}"/g, '')
        .replace(/otc_[0-9a-f]{32}/g, '');
    expect(taken.verify.status).toBe(free.verify.status);
    expect(scrub(taken.verify.text)).toBe(scrub(free.verify.text));
  });

  it('applies the password rules on the form', async () => {
    const short = await signUp({ email: 'short@example.com', password: 'abc123' });
    expect(short.verify.status).toBe(400);
    expect(short.verify.text).toContain('Use at least 8 characters');
    expect(short.verify.text).toMatch(
      /id="new-password"[^>]*aria-invalid="true"[^>]*aria-describedby="new-password-hint new-password-error"/,
    );
    expect(short.verify.text).toContain('value="short@example.com"');
    const common = await signUp({ email: 'common@example.com', password: 'Password123' });
    expect(common.verify.status).toBe(400);
    expect(common.verify.text).toContain('most common');
    expect(await lastOutboxMessage(server.roster, 'common@example.com')).toBeUndefined();
    const fine = await signUp({ email: 'fine@example.com', password: 'purple elephant wanders' });
    expect(fine.verify.status).toBe(200);
  });

  it('reports every problem at once, in words that say what to type', async () => {
    const all = await signUp({ email: 'x@', given_name: 'Bad\u202Ename', password: 'short' });
    expect(all.verify.status).toBe(400);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(all.verify.text)![0];
    expect(summary).toContain('<a href="#email">Enter an email address like name@example.com</a>');
    expect(summary).toContain('<a href="#given_name">');
    expect(summary).toContain('<a href="#new-password">Use at least 8 characters</a>');
    for (const id of ['email', 'given_name', 'new-password'])
      expect(all.verify.text).toMatch(new RegExp(`id="${id}"[^>]*aria-invalid="true"`));
    expect(all.verify.text).toMatch(/id="email"[^>]*autofocus/);
    const empty = await signUp({ email: '' });
    expect(empty.verify.text).toContain('Enter your email address');
    expect(await lastOutboxMessage(server.roster, 'x@')).toBeUndefined();
  });

  it('refuses a malformed email or name on its field', async () => {
    const email = await signUp({ email: 'ann@localhost' });
    expect(email.verify.status).toBe(400);
    expect(email.verify.text).toMatch(/id="email"[^>]*aria-invalid="true"/);
    const name = await signUp({ email: 'named@example.com', given_name: 'Bad\u202Ename' });
    expect(name.verify.status).toBe(400);
    expect(name.verify.text).toMatch(/id="given_name"[^>]*aria-invalid="true"/);
  });

  it('two sign-ups for one email, completed at once, make one user', async () => {
    const users = await countUsers();
    const first = await signUp({ email: 'race@example.com' });
    const firstCode = codeIn((await lastOutboxMessage(server.roster, 'race@example.com'))!.body);
    const second = await signUp({ email: 'race@example.com' });
    const secondCode = codeIn((await lastOutboxMessage(server.roster, 'race@example.com'))!.body);
    const post = (s: typeof first, code: string) => s.browser.submit(s.verify, '/auth/verify', { code });
    const [a, b] = await Promise.all([post(first, firstCode), post(second, secondCode)]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(await countUsers()).toBe(users + 1);
    const identity = (await findIdentityByKey(server.roster.database.db, 'email', 'race@example.com'))!;
    expect(await identitiesOfUsers(server.roster.database.db, [identity.user_id])).toHaveLength(1);
  });
});
