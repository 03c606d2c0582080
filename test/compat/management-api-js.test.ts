import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createM2mApp, useServedDatabase, type CreatedApp } from '../support/cli.js';
import { kindeManagement, type KindeApiError } from '../support/kinde-management.js';
import { ENGINE } from '../support/roster.js';

const { ApiError, Identities, init, Search, setToken, Users } = kindeManagement;

/**
 * Kinde's own Management API client (@kinde/management-api-js 0.18.0), unchanged, against a real `roster serve`
 * process and an application made with `roster apps create`, configured as the README shows: the domain passed to
 * `init` (the client forces `https://` onto `KINDE_DOMAIN`), with `audience` so it reuses its token.
 */
describe(`@kinde/management-api-js against roster serve (${ENGINE})`, () => {
  const { database, server } = useServedDatabase();
  let app: CreatedApp;

  /** `init` keeps global state: a new configuration also drops the cached token so the next call fetches one. */
  const configure = (
    credentials: { clientId?: string; clientSecret?: string } = { clientId: app.client_id, clientSecret: app.client_secret },
  ) => {
    // Without `audience` (runtime-only) the client would fetch a new token before every call.
    init({ kindeDomain: server.url, ...credentials, audience: `${server.url}/api` });
    setToken('');
  };

  /** The client's error for a call that must fail. */
  const failure = async (call: Promise<unknown>): Promise<KindeApiError> => {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    return error as KindeApiError;
  };

  const errorCode = (error: KindeApiError) => (error.body as { errors: { code: string }[] }).errors[0]?.code;

  /** A user with an email, an Australian national mobile and a username, all ending in `n`. */
  const newUser = async (n: number, given = 'Ada', family = 'Lovelace') => {
    const created = await Users.createUser({
      requestBody: {
        profile: { given_name: given, family_name: family },
        identities: [
          { type: 'email', details: { email: `${given.toLowerCase()}${n}@example.com` } },
          { type: 'phone', details: { phone: `0412 345 6${String(n).padStart(2, '0')}`, phone_country_id: 'au' } },
          { type: 'username', details: { username: `${given.toLowerCase()}_${n}` } },
        ],
      },
    });
    return created.id!;
  };

  beforeAll(async () => {
    app = await createM2mApp(database, 'compat');
    configure();
  });

  it('createUser returns the id and one created result per identity', async () => {
    const created = await Users.createUser({
      requestBody: {
        profile: { given_name: 'Grace', family_name: 'Hopper' },
        identities: [
          { type: 'email', details: { email: 'grace@example.com' } },
          { type: 'phone', details: { phone: '0412 345 678', phone_country_id: 'au' } },
          { type: 'username', details: { username: 'grace_h' } },
        ],
      },
    });
    expect(created.id).toMatch(/^kp_[0-9a-f]{32}$/);
    expect(created.created).toBe(true);
    expect(created.identities).toEqual(['email', 'phone', 'username'].map((type) => ({ type, result: { created: true } })));
  });

  it('getUserData with expand=identities shows the profile, the primaries in E.164, and every identity', async () => {
    const id = await newUser(1);
    const user = await Users.getUserData({ id, expand: 'identities' });
    expect(user).toMatchObject({
      id,
      preferred_email: 'ada1@example.com',
      phone: '+61412345601',
      username: 'ada_1',
      first_name: 'Ada',
      last_name: 'Lovelace',
      is_suspended: false,
    });
    expect(user.identities).toEqual([
      expect.objectContaining({ type: 'email', identity: 'ada1@example.com' }),
      expect.objectContaining({ type: 'phone', identity: '+61412345601' }),
      expect.objectContaining({ type: 'username', identity: 'ada_1' }),
    ]);
  });

  it('getUsers finds a user by email (any case), by username and by E.164 phone', async () => {
    const id = await newUser(2);
    for (const filter of [{ email: 'ADA2@Example.com' }, { username: 'ada_2' }, { phone: '+61412345602' }]) {
      const { users } = await Users.getUsers({ pageSize: 10, expand: 'identities', ...filter });
      expect(users, JSON.stringify(filter)).toHaveLength(1);
      expect(users![0]).toMatchObject({
        id,
        email: 'ada2@example.com',
        phone: '+61412345602',
        username: 'ada_2',
        first_name: 'Ada',
        last_name: 'Lovelace',
      });
      expect(users![0]!.identities!.map((i) => [i.type, i.identity])).toEqual([
        ['email', 'ada2@example.com'],
        ['phone', '+61412345602'],
        ['username', 'ada_2'],
      ]);
    }
  });

  it('getUsers returns an empty page, not an error, for an email nobody has', async () => {
    const page = await Users.getUsers({ pageSize: 10, email: 'nobody@example.com' });
    expect(page).toMatchObject({ code: 'OK', users: [] });
  });

  it('createUserIdentity adds an email and a national phone, and getUserIdentities lists them in order', async () => {
    const userId = await newUser(3);
    const email = await Users.createUserIdentity({ userId, requestBody: { type: 'email', value: 'ada3.work@example.com' } });
    const phone = await Users.createUserIdentity({ userId, requestBody: { type: 'phone', value: '0412 345 699', phone_country_id: 'au' } });
    expect(email).toMatchObject({ code: 'OK', identity: { id: expect.any(String) } });
    expect(phone.identity?.id).toEqual(expect.any(String));

    const { identities, has_more } = await Users.getUserIdentities({ userId });
    expect(has_more).toBe(false);
    expect(identities!.map((i) => [i.type, i.name, i.is_primary])).toEqual([
      ['email', 'ada3@example.com', true],
      ['phone', '+61412345603', true],
      ['username', 'ada_3', true],
      ['email', 'ada3.work@example.com', false],
      ['phone', '+61412345699', false],
    ]);
    expect(identities!.find((i) => i.id === email.identity!.id)).toMatchObject({ email: 'ada3.work@example.com', is_confirmed: false });
  });

  it('updateIdentity is_primary moves preferred_email, and getIdentity shows the old one demoted', async () => {
    const userId = await newUser(4);
    const added = await Users.createUserIdentity({ userId, requestBody: { type: 'email', value: 'ada4.new@example.com' } });
    const { identities } = await Users.getUserIdentities({ userId });
    const old = identities!.find((i) => i.name === 'ada4@example.com')!;

    expect(await Identities.updateIdentity({ identityId: added.identity!.id!, requestBody: { is_primary: true } })).toMatchObject({
      code: 'OK',
    });
    expect((await Users.getUserData({ id: userId })).preferred_email).toBe('ada4.new@example.com');
    expect(await Identities.getIdentity({ identityId: old.id! })).toMatchObject({
      id: old.id,
      type: 'email',
      name: 'ada4@example.com',
      is_primary: false,
    });
  });

  it('deleteIdentity removes an identity, after which getIdentity is a 404 ApiError', async () => {
    const userId = await newUser(5);
    const added = await Users.createUserIdentity({ userId, requestBody: { type: 'email', value: 'ada5.spare@example.com' } });
    const identityId = added.identity!.id!;
    expect(await Identities.getIdentity({ identityId })).toMatchObject({ id: identityId, name: 'ada5.spare@example.com' });

    expect(await Identities.deleteIdentity({ identityId })).toMatchObject({ code: 'OK' });
    expect((await failure(Identities.getIdentity({ identityId }))).status).toBe(404);
    expect((await Users.getUserIdentities({ userId })).identities!.map((i) => i.name)).not.toContain('ada5.spare@example.com');
  });

  it('updateUser changes the profile and returns it', async () => {
    const id = await newUser(6);
    const updated = await Users.updateUser({ id, requestBody: { given_name: 'Augusta', family_name: 'King', is_suspended: true } });
    expect(updated).toMatchObject({ id, given_name: 'Augusta', family_name: 'King', email: 'ada6@example.com', is_suspended: true });
    expect(await Users.getUserData({ id })).toMatchObject({ first_name: 'Augusta', last_name: 'King', is_suspended: true });
  });

  it('refreshUserClaims answers OK for a user and 404 for an unknown one', async () => {
    const userId = await newUser(7);
    expect(await Users.refreshUserClaims({ userId })).toMatchObject({ code: 'OK' });
    expect((await failure(Users.refreshUserClaims({ userId: `kp_${'0'.repeat(32)}` }))).status).toBe(404);
  });

  it('searchUsers finds a user by the start of their email', async () => {
    const id = await newUser(8, 'Katherine', 'Johnson');
    const { results } = await Search.searchUsers({ query: 'katherine8', pageSize: 10 });
    expect(results!.map((u) => u.id)).toEqual([id]);
    expect(results![0]).toMatchObject({ email: 'katherine8@example.com', first_name: 'Katherine', last_name: 'Johnson' });
  });

  it('deleteUser removes the user, after which getUserData is a 404 ApiError', async () => {
    const id = await newUser(9);
    expect(await Users.deleteUser({ id })).toMatchObject({ code: 'OK' });
    expect((await failure(Users.getUserData({ id }))).status).toBe(404);
    expect((await Users.getUsers({ username: 'ada_9' })).users).toEqual([]);
  });

  it('a username taken in another case is a 409 ApiError with IDENTITY_ALREADY_EXISTS', async () => {
    await newUser(10);
    const other = await newUser(11);
    const error = await failure(Users.createUserIdentity({ userId: other, requestBody: { type: 'username', value: 'ADA_10' } }));
    expect(error.status).toBe(409);
    expect(errorCode(error)).toBe('IDENTITY_ALREADY_EXISTS');

    const again = await failure(Users.createUser({ requestBody: { identities: [{ type: 'username', details: { username: 'Ada_10' } }] } }));
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe('IDENTITY_ALREADY_EXISTS');
  });

  it('fetches one M2M token and reuses it for later calls', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      configure();
      await Users.getUsers({ pageSize: 1 });
      await Search.searchUsers({ query: '*' });
      await Users.getUsers({ pageSize: 2 });
      const tokenRequests = fetchSpy.mock.calls.filter(([url]) => String(url).endsWith('/oauth2/token'));
      expect(tokenRequests).toHaveLength(1);
      expect(fetchSpy.mock.calls).toHaveLength(4);
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('a wrong client secret surfaces as the client’s 403 ApiError', async () => {
    try {
      configure({ clientId: app.client_id, clientSecret: 'Wrong0123456789abcdefABCDEF0123456789wrong' });
      const error = await failure(Users.getUsers({ pageSize: 1 }));
      expect(error.status).toBe(403);
      expect(errorCode(error)).toBe('INVALID_CREDENTIALS');
    } finally {
      configure();
    }
  });

  it('works with credentials from KINDE_MANAGEMENT_CLIENT_ID and _SECRET and only the domain given to init', async () => {
    process.env.KINDE_MANAGEMENT_CLIENT_ID = app.client_id;
    process.env.KINDE_MANAGEMENT_CLIENT_SECRET = app.client_secret;
    try {
      configure({});
      const id = await newUser(12);
      const { users } = await Users.getUsers({ username: 'ada_12' });
      expect(users!.map((u) => u.id)).toEqual([id]);
    } finally {
      delete process.env.KINDE_MANAGEMENT_CLIENT_ID;
      delete process.env.KINDE_MANAGEMENT_CLIENT_SECRET;
      configure();
    }
  });
});
