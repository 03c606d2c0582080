import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addIdentity, createUser, expectError, getUser, identitiesOf, UNKNOWN_IDENTITY_ID } from '../support/factories.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

describe(`POST /api/v1/identities/{id}/replace, and what DELETE says it promoted (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ usernameLookalikes: 'warn' });
    await createUser(server, { email: 'taken@example.com' });
  });
  afterAll(() => server.close());

  const replace = (id: string, body: unknown) => server.api('POST', `/api/v1/identities/${id}/replace`, body);
  const idOf = async (userId: string, name: string) => (await identitiesOf(server, userId)).find((i) => i.name === name)!.id;

  it('replaces a primary email with a new one that becomes primary, in one call', async () => {
    const user = await createUser(server, { email: 'old@example.com', emailVerified: true, givenName: 'Olga' });
    const old = await idOf(user, 'old@example.com');
    const answer = await replace(old, { value: 'New@Example.com', is_verified: true });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toEqual({
      code: 'OK',
      message: 'Success',
      identity: { id: expect.stringMatching(/^identity_/) },
      replaced_identity_id: old,
    });
    expect((await identitiesOf(server, user)).map((i) => [i.id, i.name, i.is_primary, i.is_confirmed])).toEqual([
      [answer.body.identity.id, 'New@Example.com', true, true],
    ]);
    expect((await getUser(server, user)).preferred_email).toBe('New@Example.com');
  });

  it('keeps a replaced non-primary identity non-primary, and a national phone takes its country', async () => {
    const user = await createUser(server, { phone: '+61412345678' });
    const second = await addIdentity(server, user, { type: 'phone', value: '+61412345679' });
    const answer = await replace(second, { value: '0412 345 670', phone_country_id: 'au' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const phones = await identitiesOf(server, user);
    expect(phones.map((i) => [i.name, i.is_primary])).toEqual([
      ['+61412345678', true],
      ['+61412345670', false],
    ]);
  });

  it('warns about a look-alike username as adding does', async () => {
    await createUser(server, { username: 'BuilderBob' });
    const user = await createUser(server, { username: 'Wendy' });
    const answer = await replace(await idOf(user, 'Wendy'), { value: 'Bui1derBob' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('roster-warning')).toContain('BuilderBob');
  });

  it.each([
    ['a malformed email', () => ({ value: 'not-an-email' }), 400, 'INVALID_EMAIL'],
    ['an email another user has, in another case', () => ({ value: 'TAKEN@example.com' }), 409, 'IDENTITY_ALREADY_EXISTS'],
    ['its own value', (own: string) => ({ value: own.toUpperCase() }), 409, 'IDENTITY_ALREADY_EXISTS'],
    ['an unknown field', () => ({ value: 'x@example.com', type: 'phone' }), 400, 'INVALID_REQUEST'],
    ['no value', () => ({}), 400, 'INVALID_REQUEST'],
    ['a control character', () => ({ value: 'a\u0007b@example.com' }), 400, 'INVALID_REQUEST'],
  ])('refuses %s, leaving the old identity as it was', async (_label, body, status, code) => {
    const user = await createUser(server, { email: `keep.${Math.random().toString(36).slice(2, 8)}@example.com` });
    const before = await identitiesOf(server, user);
    expectError(await replace(before[0]!.id, body(before[0]!.name)), status, code);
    expect(await identitiesOf(server, user)).toEqual(before);
  });

  it('answers 404 IDENTITY_NOT_FOUND for an unknown identity', async () => {
    expectError(await replace(UNKNOWN_IDENTITY_ID, { value: 'x@example.com' }), 404, 'IDENTITY_NOT_FOUND');
  });

  it('lets exactly one of 50 concurrent replaces of one identity win; the user never lacks a username', async () => {
    const user = await createUser(server, { username: 'Racer', email: 'racer@example.com' });
    const target = await idOf(user, 'Racer');
    let watching = true;
    const gaps: number[] = [];
    const watcher = (async () => {
      for (let i = 0; watching && i < 500; i++) {
        const usernames = (await identitiesOf(server, user)).filter((id) => id.type === 'username');
        if (usernames.length !== 1 || !usernames[0]!.is_primary) gaps.push(usernames.length);
      }
    })();
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => replace(target, { value: `Racer${i}` })));
    watching = false;
    await watcher;
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 404)).toBe(true);
    const winner = answers.find((a) => a.status === 200)!.body.identity.id;
    const usernames = (await identitiesOf(server, user)).filter((i) => i.type === 'username');
    expect(usernames.map((i) => [i.id, i.is_primary])).toEqual([[winner, true]]);
    expect(gaps).toEqual([]);
  });

  it('DELETE of a primary says which identity it promoted, and null when none', async () => {
    const user = await createUser(server, { email: 'first@example.com', username: 'Promo' });
    const second = await addIdentity(server, user, { type: 'email', value: 'second@example.com' });
    const deleted = await server.api('DELETE', `/api/v1/identities/${await idOf(user, 'first@example.com')}`);
    expect(deleted.body).toEqual({ code: 'OK', message: 'Success', promoted_identity_id: second });
    const last = await server.api('DELETE', `/api/v1/identities/${second}`);
    expect(last.body).toEqual({ code: 'OK', message: 'Success', promoted_identity_id: null });
  });
});

describe(`GET /api/v1/user?expand=identities: a profile in one call (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('returns every identity with its primary, confirmed, sign-in count and last use', async () => {
    const user = await createUser(server, { email: 'pro@example.com', emailVerified: true, username: 'Pro', givenName: 'Pat' });
    const profile = await getUser(server, user, 'identities');
    expect(profile).toMatchObject({ id: user, first_name: 'Pat', preferred_email: 'pro@example.com', total_sign_ins: 0 });
    expect(profile.identities).toEqual([
      {
        type: 'email',
        identity: 'pro@example.com',
        id: expect.stringMatching(/^identity_/),
        name: 'pro@example.com',
        email: 'pro@example.com',
        is_primary: true,
        is_confirmed: true,
        total_logins: 0,
        last_login_on: null,
        created_on: expect.any(String),
        connection_id: null,
      },
      expect.objectContaining({ type: 'username', identity: 'Pro', name: 'Pro', is_primary: true, is_confirmed: true }),
    ]);
  });
});
