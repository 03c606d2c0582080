import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addIdentity, createUser, expectError, getUser, identitiesOf, userBody } from '../support/factories.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

/** The fields every user read carries (GET /user adds preferred_email, lists and search add email). */
const USER_FIELDS = [
  'id',
  'provided_id',
  'phone',
  'username',
  'last_name',
  'first_name',
  'is_suspended',
  'picture',
  'total_sign_ins',
  'failed_sign_ins',
  'last_signed_in',
  'created_on',
];

const ids = (users: { id: string }[]) => users.map((u) => u.id);

describe(`users over HTTP (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('POST /user answers 200 {id, created, identities:[{type, result:{created}}]}', async () => {
    const response = await server.api('POST', '/api/v1/user', {
      profile: { given_name: 'Cora', family_name: 'Create', picture: 'https://example.com/cora.png' },
      provided_id: 'ext-cora',
      identities: [
        { type: 'email', is_verified: true, details: { email: 'cora@example.com' } },
        { type: 'phone', is_verified: false, details: { phone: '+61426148233', phone_country_id: 'au' } },
        { type: 'username', details: { username: 'CoraC' } },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^kp_[0-9a-f]{32}$/),
      created: true,
      identities: ['email', 'phone', 'username'].map((type) => ({ type, result: { created: true } })),
    });
  });

  it('POST /user without identities creates a user with none', async () => {
    const response = await server.api('POST', '/api/v1/user', { profile: { given_name: 'Nemo' } });
    expect(response.body).toEqual({ id: expect.stringMatching(/^kp_/), created: true, identities: [] });
    expect(await identitiesOf(server, response.body.id)).toEqual([]);
  });

  it('POST /user with one bad identity creates nothing', async () => {
    const response = await server.api('POST', '/api/v1/user', userBody({ email: 'whole@example.com', username: 'no spaces allowed' }));
    expectError(response, 400, 'INVALID_USERNAME');
    expect(response.body.errors[0].field).toBe('identities[1].details.username');
    expect((await server.api('GET', '/api/v1/users?email=whole@example.com')).body.users).toEqual([]);
  });

  it('POST /user with the same value twice creates nothing', async () => {
    const body = {
      identities: [
        { type: 'email', details: { email: 'twice@example.com' } },
        { type: 'email', details: { email: 'TWICE@example.com' } },
      ],
    };
    expectError(await server.api('POST', '/api/v1/user', body), 409, 'IDENTITY_ALREADY_EXISTS');
    expect((await server.api('GET', '/api/v1/users?email=twice@example.com')).body.users).toEqual([]);
  });

  it('provided_id is unique on create and on update', async () => {
    expect((await server.api('POST', '/api/v1/user', { provided_id: 'ext-unique' })).status).toBe(200);
    expectError(await server.api('POST', '/api/v1/user', { provided_id: 'ext-unique' }), 409, 'PROVIDED_ID_ALREADY_EXISTS');
    const other = await createUser(server, { email: 'other.provided@example.com' });
    expectError(await server.api('PATCH', `/api/v1/user?id=${other}`, { provided_id: 'ext-unique' }), 409, 'PROVIDED_ID_ALREADY_EXISTS');
    expect((await getUser(server, other)).provided_id).toBeNull();
  });

  it('POST /user with an organization_code is refused: organizations are not supported', async () => {
    expectError(await server.api('POST', '/api/v1/user', { organization_code: 'org_1ccfb819462' }), 400, 'ORGANIZATION_NOT_FOUND');
  });

  it('GET /user names the primary email preferred_email and shows identities and organizations only when expanded', async () => {
    const id = await createUser(server, {
      email: 'Gus@Example.com',
      phone: '+61412111111',
      username: 'GusG',
      givenName: 'Gus',
      familyName: 'Getter',
    });
    await addIdentity(server, id, { type: 'email', value: 'gus.second@example.com' });
    const plain = await getUser(server, id);
    expect(Object.keys(plain).sort()).toEqual([...USER_FIELDS, 'preferred_email'].sort());
    expect(plain).toMatchObject({
      id,
      preferred_email: 'Gus@Example.com',
      phone: '+61412111111',
      username: 'GusG',
      first_name: 'Gus',
      last_name: 'Getter',
      is_suspended: false,
    });
    const expanded = await getUser(server, id, 'identities,organizations');
    // Kinde's type and identity, and (an extension) the whole identity, so a profile page needs one call.
    expect(expanded.identities.map((i: { type: string; identity: string }) => ({ type: i.type, identity: i.identity }))).toEqual([
      { type: 'email', identity: 'Gus@Example.com' },
      { type: 'phone', identity: '+61412111111' },
      { type: 'username', identity: 'GusG' },
      { type: 'email', identity: 'gus.second@example.com' },
    ]);
    expect(expanded.identities[3]).toMatchObject({ name: 'gus.second@example.com', is_primary: false, total_logins: 0 });
    expect(expanded.organizations).toEqual([]);
    const identitiesOnly = await getUser(server, id, 'identities');
    expect(identitiesOnly).not.toHaveProperty('organizations');
  });

  it('PATCH /user answers with given_name/family_name/email names and the change persists', async () => {
    const id = await createUser(server, { email: 'pat@example.com', givenName: 'Pat' });
    const body = {
      given_name: 'Patricia',
      family_name: 'Patch',
      picture: 'https://example.com/p.png',
      is_suspended: true,
      is_password_reset_requested: true,
    };
    const response = await server.api('PATCH', `/api/v1/user?id=${id}`, body);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id, ...body, email: 'pat@example.com' });
    const user = await getUser(server, id);
    expect(user).toMatchObject({ first_name: 'Patricia', last_name: 'Patch', picture: 'https://example.com/p.png', is_suspended: true });
    const partial = await server.api('PATCH', `/api/v1/user?id=${id}`, { is_suspended: false });
    expect(partial.body).toMatchObject({ given_name: 'Patricia', is_suspended: false, is_password_reset_requested: true });
  });

  it('PATCH /user with no field is refused', async () => {
    const id = await createUser(server, { email: 'empty.patch@example.com' });
    expectError(await server.api('PATCH', `/api/v1/user?id=${id}`, {}), 400, 'NO_FIELDS_TO_UPDATE');
  });

  it('DELETE /user removes the user and its identities, whose values another user may then take', async () => {
    const id = await createUser(server, { email: 'del@example.com', username: 'Deleted1' });
    const identities = await identitiesOf(server, id);
    const response = await server.api('DELETE', `/api/v1/user?id=${id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ code: 'OK', message: 'Success' });
    expectError(await server.api('GET', `/api/v1/user?id=${id}`), 404, 'USER_NOT_FOUND');
    for (const identity of identities) expectError(await server.api('GET', `/api/v1/identities/${identity.id}`), 404, 'IDENTITY_NOT_FOUND');
    const heir = await createUser(server, { email: 'DEL@example.com', username: 'deleted1' });
    expect((await getUser(server, heir)).username).toBe('deleted1');
  });
});

describe(`GET /users paging (${ENGINE})`, () => {
  let server: TestServer;
  const created: string[] = [];
  beforeAll(async () => {
    server = await startServer();
    for (let i = 0; i < 25; i++) created.push(await createUser(server, { email: `page${i}@example.com` }));
  });
  afterAll(() => server.close());

  it('lists 10 users by default, in creation order', async () => {
    const response = await server.api('GET', '/api/v1/users');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ code: 'OK', message: 'Success' });
    expect(ids(response.body.users)).toEqual(created.slice(0, 10));
    expect(typeof response.body.next_token).toBe('string');
  });

  it('accepts page_size up to 500 and refuses more', async () => {
    const all = await server.api('GET', '/api/v1/users?page_size=500');
    expect(ids(all.body.users)).toEqual(created);
    expect(all.body.next_token).toBeNull();
    expectError(await server.api('GET', '/api/v1/users?page_size=501'), 400, 'INVALID_REQUEST');
    expectError(await server.api('GET', '/api/v1/users?page_size=0'), 400, 'INVALID_REQUEST');
  });

  it('next_token pages visit each of 25 users exactly once, in creation order, ending with next_token null', async () => {
    const seen: string[] = [];
    const tokens: (string | null)[] = [];
    let query = '/api/v1/users?page_size=7';
    for (let page = 0; page < 10; page++) {
      const response = await server.api('GET', query);
      expect(response.status).toBe(200);
      seen.push(...ids(response.body.users));
      tokens.push(response.body.next_token);
      if (response.body.next_token === null) break;
      query = `/api/v1/users?page_size=7&next_token=${encodeURIComponent(response.body.next_token)}`;
    }
    expect(seen).toEqual(created);
    expect(tokens).toHaveLength(4);
    expect(tokens.at(-1)).toBeNull();
  });

  it('refuses a next_token it did not issue', async () => {
    expectError(await server.api('GET', '/api/v1/users?next_token=bm90LWEtY3Vyc29y'), 400, 'INVALID_REQUEST');
  });
});

describe(`GET /users filters (${ENGINE})`, () => {
  let server: TestServer;
  let ann: string;
  let rose: string;
  let phoned: string;
  beforeAll(async () => {
    server = await startServer();
    ann = await createUser(server, { email: 'Ann@example.com', username: 'AnnA' });
    rose = await createUser(server, { email: 'rose@example.com', username: 'RosyRose' });
    await addIdentity(server, rose, { type: 'email', value: 'rose.alt@example.com' });
    phoned = await createUser(server, { email: 'phoned@example.com', phone: '0412345678', phoneCountryId: 'au' });
  });
  afterAll(() => server.close());

  const list = async (query: string) => {
    const response = await server.api('GET', `/api/v1/users?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.users as ({ id: string } & Record<string, any>)[];
  };

  it('rule: the email filter matches through normalisation (ANN@EXAMPLE.COM finds Ann@example.com)', async () => {
    expect(ids(await list('email=ANN%40EXAMPLE.COM'))).toEqual([ann]);
  });

  it('the email filter finds a user by a non-primary email too', async () => {
    expect(ids(await list('email=ROSE.ALT%40example.com'))).toEqual([rose]);
  });

  it('rule: the username filter matches ignoring case (rosyrose finds RosyRose)', async () => {
    expect(ids(await list('username=rosyrose'))).toEqual([rose]);
  });

  it('rule: the phone filter matches through E.164 (+61412345678 finds the national-form phone)', async () => {
    expect(ids(await list('phone=%2B61412345678'))).toEqual([phoned]);
    expect(ids(await list('phone=+61412345678')), 'an unencoded + arrives as a space').toEqual([phoned]);
  });

  it('takes comma-separated lists for each filter', async () => {
    expect(ids(await list('email=ann%40example.com%2CROSE%40example.com'))).toEqual([ann, rose]);
    expect(ids(await list('username=ANNA,rosyrose'))).toEqual([ann, rose]);
    expect(ids(await list(`user_id=${phoned},${ann}`))).toEqual([ann, phoned]);
  });

  it('combines filters with AND', async () => {
    expect(ids(await list('email=ann%40example.com,rose%40example.com&username=rosyrose'))).toEqual([rose]);
    expect(ids(await list('email=ann%40example.com&username=rosyrose'))).toEqual([]);
    expect(ids(await list(`user_id=${ann},${rose}&username=annA`))).toEqual([ann]);
  });

  it('a filter for a value nobody has answers an empty list', async () => {
    const response = await server.api('GET', '/api/v1/users?email=nobody%40example.com');
    expect(response.body).toMatchObject({ code: 'OK', users: [], next_token: null });
  });

  it('refuses a malformed filter value with the code of its type', async () => {
    expectError(await server.api('GET', '/api/v1/users?email=not-an-email'), 400, 'INVALID_EMAIL');
  });

  it('list items name the primary email `email` (not preferred_email) and expanded identities carry connection_id', async () => {
    const [plain] = await list(`user_id=${ann}`);
    expect(Object.keys(plain!).sort()).toEqual([...USER_FIELDS, 'email'].sort());
    expect(plain!.email).toBe('Ann@example.com');
    const [expanded] = await list(`user_id=${ann}&expand=identities`);
    expect(expanded!.identities).toEqual([
      { type: 'email', identity: 'Ann@example.com', connection_id: null },
      { type: 'username', identity: 'AnnA', connection_id: null },
    ]);
    const [withSecond] = await list(`user_id=${rose}&expand=identities`);
    expect(withSecond!.email).toBe('rose@example.com');
    expect(withSecond!.identities.map((i: { identity: string }) => i.identity)).toEqual([
      'rose@example.com',
      'RosyRose',
      'rose.alt@example.com',
    ]);
  });
});
