import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addIdentity,
  auditOf,
  createUser,
  expectError,
  getIdentity,
  getUser,
  identitiesOf,
  UNKNOWN_IDENTITY_ID,
  UNKNOWN_USER_ID,
  userBody,
} from '../support/factories.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

/** Every identity rule that the Management API can show, one test each. */
describe(`identity rules over HTTP (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  describe('uniqueness and normalisation', () => {
    it('rule: a username is shown in the case it was typed', async () => {
      const id = await createUser(server, { username: 'RosyRose' });
      expect((await getUser(server, id)).username).toBe('RosyRose');
      expect((await identitiesOf(server, id))[0]!.name).toBe('RosyRose');
    });

    it('rule: usernames are unique ignoring case, across all users and within one user', async () => {
      const owner = await createUser(server, { username: 'PetalPusher' });
      const other = await createUser(server, { email: 'petal.other@example.com' });
      expectError(await server.api('POST', '/api/v1/user', userBody({ username: 'petalpusher' })), 409, 'IDENTITY_ALREADY_EXISTS');
      expectError(
        await server.api('POST', `/api/v1/users/${other}/identities`, { type: 'username', value: 'PETALPUSHER' }),
        409,
        'IDENTITY_ALREADY_EXISTS',
      );
      expectError(
        await server.api('POST', `/api/v1/users/${owner}/identities`, { type: 'username', value: 'pETALpUSHER' }),
        409,
        'IDENTITY_ALREADY_EXISTS',
      );
      const found = await server.api('GET', '/api/v1/users?username=petalpusher');
      expect(found.body.users.map((u: { id: string }) => u.id)).toEqual([owner]);
      expect(await identitiesOf(server, other)).toHaveLength(1);
    });

    it('rule: emails are unique ignoring case and are shown as typed', async () => {
      const owner = await createUser(server, { email: 'Ann@Example.com' });
      const other = await createUser(server, { username: 'NotAnn' });
      expectError(await server.api('POST', '/api/v1/user', userBody({ email: 'ann@example.COM' })), 409, 'IDENTITY_ALREADY_EXISTS');
      expectError(
        await server.api('POST', `/api/v1/users/${other}/identities`, { type: 'email', value: 'ANN@EXAMPLE.COM' }),
        409,
        'IDENTITY_ALREADY_EXISTS',
      );
      expectError(
        await server.api('POST', `/api/v1/users/${owner}/identities`, { type: 'email', value: 'ann@example.com' }),
        409,
        'IDENTITY_ALREADY_EXISTS',
      );
      expect((await getUser(server, owner)).preferred_email).toBe('Ann@Example.com');
    });

    it.each([
      ['ασ@fold.example', 'ΑΣ@fold.example'],
      ['σς@fold.example', 'σσ@fold.example'],
      ['straße@fold.example', 'STRASSE@fold.example'],
      ['\u1c80ика@fold.example', 'вика@fold.example'],
      ['ann@bücher.example', 'ann@xn--bcher-kva.example'],
    ])('rule: emails equal under full case folding and UTS #46 are one address (%s, %s), on write and filter', async (first, second) => {
      const owner = await createUser(server, { email: first });
      expectError(await server.api('POST', '/api/v1/user', userBody({ email: second })), 409, 'IDENTITY_ALREADY_EXISTS');
      const found = await server.api('GET', `/api/v1/users?email=${encodeURIComponent(second)}`);
      expect(found.body.users.map((u: { id: string }) => u.id)).toEqual([owner]);
      expect((await getUser(server, owner)).preferred_email).toBe(first);
    });

    it('rule: no provider tricks are applied to emails (dots and +tags make different addresses)', async () => {
      const id = await createUser(server, { email: 'tricks@example.com' });
      await addIdentity(server, id, { type: 'email', value: 'tri.cks@example.com' });
      await addIdentity(server, id, { type: 'email', value: 'tricks+news@example.com' });
      expect((await identitiesOf(server, id)).map((i) => i.name)).toEqual([
        'tricks@example.com',
        'tri.cks@example.com',
        'tricks+news@example.com',
      ]);
    });

    it('rule: phones are stored, shown and compared as E.164 (national 0412345678 in au is +61412345678)', async () => {
      const owner = await createUser(server, { phone: '0412345678', phoneCountryId: 'au' });
      const [phone] = await identitiesOf(server, owner);
      expect(phone!.name).toBe('+61412345678');
      expect((await getUser(server, owner)).phone).toBe('+61412345678');
      expectError(await server.api('POST', '/api/v1/user', userBody({ phone: '+61412345678' })), 409, 'IDENTITY_ALREADY_EXISTS');
      const other = await createUser(server, { username: 'PhoneLess' });
      const national = { type: 'phone', value: '412 345 678', phone_country_id: 'AU' };
      expectError(await server.api('POST', `/api/v1/users/${other}/identities`, national), 409, 'IDENTITY_ALREADY_EXISTS');
    });

    it('rule: malformed values are refused with the code of their type', async () => {
      const id = await createUser(server, { username: 'Malformed' });
      const add = (body: Record<string, unknown>) => server.api('POST', `/api/v1/users/${id}/identities`, body);
      expectError(await add({ type: 'email', value: 'ann@localhost' }), 400, 'INVALID_EMAIL');
      expectError(await add({ type: 'email', value: 'a@b@example.com' }), 400, 'INVALID_EMAIL');
      expectError(
        await add({ type: 'email', value: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com` }),
        400,
        'INVALID_EMAIL',
      );
      expectError(await add({ type: 'phone', value: '+6141234' }), 400, 'INVALID_PHONE');
      expectError(await add({ type: 'username', value: 'has space' }), 400, 'INVALID_USERNAME');
      expectError(await add({ type: 'username', value: 'x' }), 400, 'INVALID_USERNAME');
      expectError(await add({ type: 'fax', value: '123' }), 400, 'INVALID_IDENTITY_TYPE');
      expect(await identitiesOf(server, id)).toHaveLength(1);
    });

    it('rule: invisible characters are refused, never stripped, so a look-identical value cannot become a second identity', async () => {
      const id = await createUser(server, { email: 'zero@example.com' });
      expectError(
        await server.api('POST', `/api/v1/users/${id}/identities`, { type: 'email', value: 'ze\u200bro@example.com' }),
        400,
        'INVALID_EMAIL',
      );
      expectError(
        await server.api('POST', `/api/v1/users/${id}/identities`, { type: 'username', value: 'Soft\u00adHyphen' }),
        400,
        'INVALID_USERNAME',
      );
      expectError(await server.api('POST', '/api/v1/user', userBody({ email: '\ufeffzero@example.com' })), 400, 'INVALID_EMAIL');
      expect(await identitiesOf(server, id)).toHaveLength(1);
    });
  });

  describe('primary identities', () => {
    it('rule: the first identity of each type becomes its primary, the second does not', async () => {
      const id = await createUser(server, { email: 'first@example.com', phone: '+61412000001', username: 'FirstOfAll' });
      await addIdentity(server, id, { type: 'email', value: 'second@example.com' });
      await addIdentity(server, id, { type: 'phone', value: '+61412000002' });
      await addIdentity(server, id, { type: 'username', value: 'SecondOfAll' });
      const shown = (await identitiesOf(server, id)).map((i) => [i.name, i.is_primary]);
      expect(shown).toEqual([
        ['first@example.com', true],
        ['+61412000001', true],
        ['FirstOfAll', true],
        ['second@example.com', false],
        ['+61412000002', false],
        ['SecondOfAll', false],
      ]);
    });

    it('rule: the first identity of a type added after creation becomes its primary', async () => {
      const id = await createUser(server, { email: 'later@example.com' });
      const phone = await addIdentity(server, id, { type: 'phone', value: '+61412000003' });
      expect((await getIdentity(server, phone)).is_primary).toBe(true);
      expect((await getUser(server, id)).phone).toBe('+61412000003');
    });

    it('rule: make primary demotes the previous primary of that type and leaves other types alone', async () => {
      const id = await createUser(server, { email: 'old.primary@example.com', username: 'KeepsUsername' });
      const [oldEmail, username] = await identitiesOf(server, id);
      const newEmail = await addIdentity(server, id, { type: 'email', value: 'new.primary@example.com' });
      const made = await server.api('PATCH', `/api/v1/identities/${newEmail}`, { is_primary: true });
      expect(made.status).toBe(200);
      expect(made.body).toEqual({ code: 'OK', message: 'Success' });
      expect((await getIdentity(server, newEmail)).is_primary).toBe(true);
      expect((await getIdentity(server, oldEmail!.id)).is_primary).toBe(false);
      expect((await getIdentity(server, username!.id)).is_primary).toBe(true);
      expect((await getUser(server, id)).preferred_email).toBe('new.primary@example.com');
    });

    it('rule: making the current primary primary again is a no-op that succeeds', async () => {
      const id = await createUser(server, { email: 'again@example.com' });
      const second = await addIdentity(server, id, { type: 'email', value: 'again2@example.com' });
      const [primary] = await identitiesOf(server, id);
      const response = await server.api('PATCH', `/api/v1/identities/${primary!.id}`, { is_primary: true });
      expect(response.status).toBe(200);
      expect((await getIdentity(server, primary!.id)).is_primary).toBe(true);
      expect((await getIdentity(server, second)).is_primary).toBe(false);
    });

    it('rule: {"is_primary": false} on a primary is refused with PRIMARY_REQUIRED', async () => {
      const id = await createUser(server, { email: 'required@example.com' });
      await addIdentity(server, id, { type: 'email', value: 'required2@example.com' });
      const [primary] = await identitiesOf(server, id);
      expectError(await server.api('PATCH', `/api/v1/identities/${primary!.id}`, { is_primary: false }), 400, 'PRIMARY_REQUIRED');
      expect((await getIdentity(server, primary!.id)).is_primary).toBe(true);
    });

    it('rule: {"is_primary": false} on a non-primary is a no-op that succeeds', async () => {
      const id = await createUser(server, { email: 'noop@example.com' });
      const second = await addIdentity(server, id, { type: 'email', value: 'noop2@example.com' });
      const response = await server.api('PATCH', `/api/v1/identities/${second}`, { is_primary: false });
      expect(response.status).toBe(200);
      expect((await identitiesOf(server, id)).map((i) => i.is_primary)).toEqual([true, false]);
    });

    it('rule: concurrent make-primary calls on two identities of one user end with exactly one primary', async () => {
      const id = await createUser(server, { email: 'race0@example.com' });
      const contenders = [];
      for (let i = 1; i <= 4; i++) contenders.push(await addIdentity(server, id, { type: 'email', value: `race${i}@example.com` }));
      const results = await Promise.all(contenders.map((c) => server.api('PATCH', `/api/v1/identities/${c}`, { is_primary: true })));
      for (const r of results) expect([200, 409], JSON.stringify(r.body)).toContain(r.status);
      expect(results.some((r) => r.status === 200)).toBe(true);
      expect((await identitiesOf(server, id)).filter((i) => i.is_primary)).toHaveLength(1);
    });
  });

  describe('deleting identities', () => {
    it("rule: deleting a user's last identity is refused with LAST_IDENTITY", async () => {
      const id = await createUser(server, { email: 'last@example.com' });
      const [only] = await identitiesOf(server, id);
      expectError(await server.api('DELETE', `/api/v1/identities/${only!.id}`), 400, 'LAST_IDENTITY');
      expect((await getIdentity(server, only!.id)).name).toBe('last@example.com');
    });

    it('rule: deleting a primary promotes the oldest confirmed identity of its type, even over an older unconfirmed one', async () => {
      const id = await createUser(server, { email: 'keeper@example.com', emailVerified: true });
      const olderUnconfirmed = await addIdentity(server, id, { type: 'email', value: 'older.unconfirmed@example.com', is_verified: false });
      const newerConfirmed = await addIdentity(server, id, { type: 'email', value: 'newer.confirmed@example.com', is_verified: true });
      await addIdentity(server, id, { type: 'email', value: 'newest.confirmed@example.com', is_verified: true });
      const [primary] = await identitiesOf(server, id);
      const deleted = await server.api('DELETE', `/api/v1/identities/${primary!.id}`);
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({ code: 'OK', message: 'Success', promoted_identity_id: newerConfirmed });
      expect((await getIdentity(server, newerConfirmed)).is_primary).toBe(true);
      expect((await getIdentity(server, olderUnconfirmed)).is_primary).toBe(false);
      expect((await getUser(server, id)).preferred_email).toBe('newer.confirmed@example.com');
      const event = (await auditOf(server, id)).find((e) => e.type === 'identity.deleted');
      expect(event?.data.promoted_identity_id).toBe(newerConfirmed);
    });

    it('rule: deleting a primary with no confirmed identity of its type left promotes the oldest', async () => {
      const id = await createUser(server, { email: 'gone@example.com', emailVerified: true });
      const oldest = await addIdentity(server, id, { type: 'email', value: 'oldest@example.com' });
      await addIdentity(server, id, { type: 'email', value: 'younger@example.com' });
      const [primary] = await identitiesOf(server, id);
      expect((await server.api('DELETE', `/api/v1/identities/${primary!.id}`)).status).toBe(200);
      expect((await identitiesOf(server, id)).map((i) => [i.name, i.is_primary])).toEqual([
        ['oldest@example.com', true],
        ['younger@example.com', false],
      ]);
      expect((await getIdentity(server, oldest)).is_primary).toBe(true);
    });

    it('rule: deleting a non-primary promotes nothing', async () => {
      const id = await createUser(server, { email: 'stays@example.com' });
      const extra = await addIdentity(server, id, { type: 'email', value: 'extra@example.com' });
      expect((await server.api('DELETE', `/api/v1/identities/${extra}`)).status).toBe(200);
      expect((await identitiesOf(server, id)).map((i) => [i.name, i.is_primary])).toEqual([['stays@example.com', true]]);
    });

    it('rule: deleting the only identity of one type, when others remain, leaves no primary of that type', async () => {
      const id = await createUser(server, { email: 'has.phone@example.com', phone: '+61412000004' });
      const [, phone] = await identitiesOf(server, id);
      expect((await server.api('DELETE', `/api/v1/identities/${phone!.id}`)).status).toBe(200);
      expectError(await server.api('GET', `/api/v1/identities/${phone!.id}`), 404, 'IDENTITY_NOT_FOUND');
      const user = await getUser(server, id);
      expect(user.phone).toBeNull();
      expect(user.preferred_email).toBe('has.phone@example.com');
      expect((await identitiesOf(server, id)).filter((i) => i.type === 'phone')).toEqual([]);
    });

    it('rule: a deleted value can be used again', async () => {
      const id = await createUser(server, { email: 'recycled@example.com', username: 'Recycler' });
      const [email] = await identitiesOf(server, id);
      expect((await server.api('DELETE', `/api/v1/identities/${email!.id}`)).status).toBe(200);
      await createUser(server, { email: 'RECYCLED@example.com' });
    });
  });

  describe('immutability', () => {
    it('rule: PATCH /identities/{id} with name, type or value is refused with IDENTITY_IMMUTABLE and changes nothing', async () => {
      const id = await createUser(server, { email: 'fixed@example.com' });
      const second = await addIdentity(server, id, { type: 'email', value: 'fixed2@example.com' });
      const before = await getIdentity(server, second);
      for (const body of [
        { name: 'changed@example.com' },
        { type: 'username' },
        { value: 'changed@example.com' },
        { is_primary: true, name: 'changed@example.com' },
      ]) {
        expectError(await server.api('PATCH', `/api/v1/identities/${second}`, body), 400, 'IDENTITY_IMMUTABLE');
      }
      expect(await getIdentity(server, second)).toEqual(before);
      expect(before.is_primary).toBe(false);
    });

    it('rule: PATCH /identities/{id} without is_primary is INVALID_REQUEST naming the field', async () => {
      const id = await createUser(server, { email: 'no.field@example.com' });
      const [identity] = await identitiesOf(server, id);
      const response = await server.api('PATCH', `/api/v1/identities/${identity!.id}`, {});
      expectError(response, 400, 'INVALID_REQUEST');
      expect(response.body.errors[0].field).toBe('is_primary');
      expectError(await server.api('PATCH', `/api/v1/identities/${identity!.id}`, { is_primary: 'true' }), 400, 'INVALID_REQUEST');
    });
  });

  describe('confirmation', () => {
    it('rule: usernames are confirmed when created; emails and phones start unconfirmed on create user', async () => {
      const id = await createUser(server, { email: 'unconfirmed@example.com', phone: '+61412000005', username: 'Confirmed1' });
      expect((await identitiesOf(server, id)).map((i) => [i.type, i.is_confirmed])).toEqual([
        ['email', false],
        ['phone', false],
        ['username', true],
      ]);
    });

    it('rule: is_verified true on create user confirms the email and phone', async () => {
      const id = await createUser(server, {
        email: 'verified@example.com',
        emailVerified: true,
        phone: '+61412000006',
        phoneVerified: true,
      });
      expect((await identitiesOf(server, id)).map((i) => i.is_confirmed)).toEqual([true, true]);
    });

    it('rule: identities added through the API start unconfirmed unless is_verified is true (username always confirmed)', async () => {
      const id = await createUser(server, { username: 'AddsThings' });
      const plain = await addIdentity(server, id, { type: 'email', value: 'plain.add@example.com' });
      const vouched = await addIdentity(server, id, { type: 'email', value: 'vouched.add@example.com', is_verified: true });
      const phone = await addIdentity(server, id, { type: 'phone', value: '+61412000007' });
      const vouchedPhone = await addIdentity(server, id, { type: 'phone', value: '+61412000008', is_verified: true });
      const username = await addIdentity(server, id, { type: 'username', value: 'AddsMore', is_verified: false });
      const confirmed = await Promise.all(
        [plain, vouched, phone, vouchedPhone, username].map(async (i) => (await getIdentity(server, i)).is_confirmed),
      );
      expect(confirmed).toEqual([false, true, false, true, true]);
    });
  });

  describe('reading users and identities', () => {
    it('rule: GET /user shows the primaries as preferred_email, phone and username', async () => {
      const id = await createUser(server, { email: 'shown@example.com', phone: '+61412000009', username: 'ShownName' });
      await addIdentity(server, id, { type: 'email', value: 'not.shown@example.com' });
      const user = await getUser(server, id);
      expect([user.preferred_email, user.phone, user.username]).toEqual(['shown@example.com', '+61412000009', 'ShownName']);
    });

    it('rule: identities are listed in creation order, paged with page_size, starting_after, ending_before and has_more', async () => {
      const id = await createUser(server, { email: 'page0@example.com' });
      for (let i = 1; i < 5; i++) await addIdentity(server, id, { type: 'email', value: `page${i}@example.com` });
      const all = await identitiesOf(server, id);
      expect(all.map((i) => i.name)).toEqual([0, 1, 2, 3, 4].map((i) => `page${i}@example.com`));
      const ids = all.map((i) => i.id);
      const page = async (query: string) => (await server.api('GET', `/api/v1/users/${id}/identities?${query}`)).body;
      const first = await page('page_size=2');
      expect([first.identities.map((i: { id: string }) => i.id), first.has_more]).toEqual([ids.slice(0, 2), true]);
      const middle = await page(`page_size=2&starting_after=${ids[1]}`);
      expect([middle.identities.map((i: { id: string }) => i.id), middle.has_more]).toEqual([ids.slice(2, 4), true]);
      const last = await page(`page_size=2&starting_after=${ids[3]}`);
      expect([last.identities.map((i: { id: string }) => i.id), last.has_more]).toEqual([ids.slice(4), false]);
      const before = await page(`page_size=2&ending_before=${ids[4]}`);
      expect([before.identities.map((i: { id: string }) => i.id), before.has_more]).toEqual([ids.slice(2, 4), true]);
      const start = await page(`page_size=2&ending_before=${ids[2]}`);
      expect([start.identities.map((i: { id: string }) => i.id), start.has_more]).toEqual([ids.slice(0, 2), false]);
      expectError(
        await server.api('GET', `/api/v1/users/${id}/identities?starting_after=${ids[0]}&ending_before=${ids[4]}`),
        400,
        'TOO_MANY_PARAMETERS',
      );
    });

    it('rule: an identity is shown as Kinde’s identity object', async () => {
      const id = await createUser(server, { email: 'Shape@Example.com' });
      const [identity] = await identitiesOf(server, id);
      expect(await getIdentity(server, identity!.id)).toEqual({
        id: identity!.id,
        type: 'email',
        is_confirmed: false,
        created_on: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
        last_login_on: null,
        total_logins: 0,
        name: 'Shape@Example.com',
        email: 'Shape@Example.com',
        connection_id: null,
        is_primary: true,
      });
      expect(identity!.id).toMatch(/^identity_[0-9a-f]{32}$/);
    });

    it('rule: an unknown user is 404 USER_NOT_FOUND on every user endpoint', async () => {
      const calls: [string, string, unknown?][] = [
        ['GET', `/api/v1/user?id=${UNKNOWN_USER_ID}`],
        ['PATCH', `/api/v1/user?id=${UNKNOWN_USER_ID}`, { given_name: 'Nobody' }],
        ['DELETE', `/api/v1/user?id=${UNKNOWN_USER_ID}`],
        ['GET', `/api/v1/users/${UNKNOWN_USER_ID}/identities`],
        ['POST', `/api/v1/users/${UNKNOWN_USER_ID}/identities`, { type: 'email', value: 'nobody@example.com' }],
        ['POST', `/api/v1/users/${UNKNOWN_USER_ID}/refresh_claims`],
      ];
      for (const [method, path, body] of calls) expectError(await server.api(method, path, body), 404, 'USER_NOT_FOUND');
    });

    it('rule: an unknown identity is 404 IDENTITY_NOT_FOUND on every identity endpoint', async () => {
      const calls: [string, unknown?][] = [['GET'], ['PATCH', { is_primary: true }], ['DELETE']];
      for (const [method, body] of calls)
        expectError(await server.api(method, `/api/v1/identities/${UNKNOWN_IDENTITY_ID}`, body), 404, 'IDENTITY_NOT_FOUND');
    });
  });

  describe('tokens', () => {
    it('rule: POST /users/{id}/refresh_claims exists for Kinde compatibility and succeeds', async () => {
      const id = await createUser(server, { email: 'claims@example.com' });
      const response = await server.api('POST', `/api/v1/users/${id}/refresh_claims`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ code: 'OK', message: 'Success' });
      expect((await auditOf(server, id)).map((e) => e.type)).toContain('user.claims_refreshed');
    });
  });
});

describe(`look-alike usernames over HTTP (${ENGINE})`, () => {
  const servers: TestServer[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));
  const start = async (overrides: Parameters<typeof startServer>[0] = {}) => {
    const server = await startServer(overrides);
    servers.push(server);
    return server;
  };

  it('rule: by default (warn) a look-alike username is accepted with a Roster-Warning header naming the look-alike and an audit event', async () => {
    const server = await start();
    await createUser(server, { username: 'BuilderBob' });
    const created = await server.api('POST', '/api/v1/user', userBody({ username: 'Bui1derBob' }));
    expect(created.status).toBe(200);
    expect(created.headers.get('roster-warning')).toMatch(/USERNAME_LOOKALIKE.*Bui1derBob.*BuilderBob/);
    const events = await auditOf(server, created.body.id);
    const added = events.find((e) => e.type === 'identity.created');
    expect(JSON.stringify(added?.data.warnings)).toMatch(/USERNAME_LOOKALIKE.*BuilderBob/);
    expect((await getUser(server, created.body.id)).username).toBe('Bui1derBob');
  });

  it('rule: by default (warn) adding a look-alike username identity is accepted with the warning header', async () => {
    const server = await start();
    await createUser(server, { username: 'modern' });
    const id = await createUser(server, { email: 'rn@example.com' });
    const added = await server.api('POST', `/api/v1/users/${id}/identities`, { type: 'username', value: 'rnodern' });
    expect(added.status).toBe(201);
    expect(added.headers.get('roster-warning')).toMatch(/USERNAME_LOOKALIKE.*rnodern.*modern/);
  });

  it('rule: a username differing from another only by case is a duplicate, not a look-alike', async () => {
    const server = await start();
    const id = await createUser(server, { username: 'CaseOnly' });
    const response = await server.api('POST', `/api/v1/users/${id}/identities`, { type: 'username', value: 'caseonly' });
    expectError(response, 409, 'IDENTITY_ALREADY_EXISTS');
    const fresh = await server.api('POST', '/api/v1/user', userBody({ username: 'Unrelated' }));
    expect(fresh.headers.get('roster-warning')).toBeNull();
  });

  it('rule: with usernames.lookalikes = reject a look-alike username is refused with USERNAME_LOOKALIKE', async () => {
    const server = await start({ usernameLookalikes: 'reject' });
    await createUser(server, { username: 'BuilderBob' });
    expectError(
      await server.api('POST', '/api/v1/user', userBody({ email: 'bob0@example.com', username: 'BuilderB0b' })),
      400,
      'USERNAME_LOOKALIKE',
    );
    const id = await createUser(server, { email: 'bob1@example.com' });
    expectError(
      await server.api('POST', `/api/v1/users/${id}/identities`, { type: 'username', value: 'Bui1derBob' }),
      400,
      'USERNAME_LOOKALIKE',
    );
    expect(await identitiesOf(server, id)).toHaveLength(1);
    // Capital I looks like small l only before case is folded: the second look-alike key catches it.
    await createUser(server, { username: 'BuilderBobQ' });
    for (const twin of ['Bui1derBobQ', 'BuiIderBobQ', 'BuilderB0bQ']) {
      expectError(await server.api('POST', `/api/v1/users/${id}/identities`, { type: 'username', value: twin }), 400, 'USERNAME_LOOKALIKE');
    }
    await createUser(server, { username: 'Modern' });
    expectError(
      await server.api('POST', `/api/v1/users/${id}/identities`, { type: 'username', value: 'rnodern' }),
      400,
      'USERNAME_LOOKALIKE',
    );
    expect(await identitiesOf(server, id)).toHaveLength(1);
    const nobody = await server.api('GET', '/api/v1/users?email=bob0@example.com');
    expect(nobody.body.users).toEqual([]);
  });

  it('rule: with usernames.lookalikes = allow a look-alike username is accepted without a warning', async () => {
    const server = await start({ usernameLookalikes: 'allow' });
    await createUser(server, { username: 'BuilderBob' });
    const created = await server.api('POST', '/api/v1/user', userBody({ username: 'Bui1derBob' }));
    expect(created.status).toBe(200);
    expect(created.headers.get('roster-warning')).toBeNull();
    const added = (await auditOf(server, created.body.id)).find((e) => e.type === 'identity.created');
    expect(added?.data.warnings).toEqual([]);
  });
});
