import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIdentity, insertIdentity } from '../../src/store/identities.js';
import type { IdentityRow } from '../../src/store/schema.js';
import { findUser, insertUser, updateUser } from '../../src/store/users.js';
import { ENGINE } from '../support/roster.js';
import { identityRow, openTestStore, seedUser, userRow, type TestStore } from '../support/store.js';

describe(`store contract: column values round-trip unchanged (${ENGINE})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it('timestamps come back as the exact ISO-8601 strings written', async () => {
    const user = userRow({
      created_on: '2026-01-02T03:04:05.678Z',
      updated_on: '1999-12-31T23:59:59.999Z',
      last_signed_in: '2026-02-03T04:05:06.000Z',
    });
    await insertUser(store.db, user);
    expect(await findUser(store.db, user.id)).toEqual(user);

    const identity = identityRow(user.id, 'email', 'time@example.com', {
      created_on: '2030-06-07T08:09:10.011Z',
      last_login_on: '2030-06-07T08:09:10.012Z',
    });
    await insertIdentity(store.db, identity);
    const read = await findIdentity(store.db, identity.id);
    expect({ created_on: read?.created_on, last_login_on: read?.last_login_on }).toEqual({
      created_on: '2030-06-07T08:09:10.011Z',
      last_login_on: '2030-06-07T08:09:10.012Z',
    });
  });

  it('flags come back as the numbers 0 and 1, and counters as numbers', async () => {
    const user = userRow({ is_suspended: 1, is_password_reset_requested: 0, total_sign_ins: 42, failed_sign_ins: 3 });
    await insertUser(store.db, user);
    const read = await findUser(store.db, user.id);
    expect(read).toMatchObject({ is_suspended: 1, is_password_reset_requested: 0, total_sign_ins: 42, failed_sign_ins: 3 });
    expect(typeof read?.is_suspended).toBe('number');

    const identity = identityRow(user.id, 'username', 'flags', { is_primary: 1, is_confirmed: 0, total_logins: 7 });
    await insertIdentity(store.db, identity);
    expect(await findIdentity(store.db, identity.id)).toEqual(identity);
  });

  it('updateUser changes only the given columns and reports whether the user exists', async () => {
    const user = await seedUser(store.db, { first_name: 'Old', is_suspended: 0 });
    expect(await updateUser(store.db, user.id, { is_suspended: 1, updated_on: '2027-01-01T00:00:00.000Z' })).toBe(true);
    expect(await findUser(store.db, user.id)).toEqual({ ...user, is_suspended: 1, updated_on: '2027-01-01T00:00:00.000Z' });
    expect(await updateUser(store.db, 'kp_ffffffffffffffffffffffffffffffff', { is_suspended: 1 })).toBe(false);
  });

  it('a flag column refuses anything but 0 and 1', async () => {
    const user = await seedUser(store.db, {});
    const bad = identityRow(user.id, 'email', 'two@example.com', { is_primary: 2 as IdentityRow['is_primary'] });
    await expect(insertIdentity(store.db, bad)).rejects.toThrow();
    expect(await findIdentity(store.db, bad.id)).toBeUndefined();
  });

  it('text is stored as given: the database never normalises or changes case', async () => {
    const user = await seedUser(store.db, { first_name: 'E\u0301lodie' });
    const identity = identityRow(user.id, 'email', 'Zoe\u0308@Example.com');
    await insertIdentity(store.db, identity);
    expect((await findUser(store.db, user.id))?.first_name).toBe('E\u0301lodie');
    expect((await findIdentity(store.db, identity.id))?.name).toBe('Zoe\u0308@Example.com');
  });
});
