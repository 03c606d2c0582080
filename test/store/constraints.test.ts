import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIdentity, identitiesOfType, insertIdentity, setPrimary } from '../../src/store/identities.js';
import { deleteUser, insertUser } from '../../src/store/users.js';
import { ENGINE } from '../support/roster.js';
import { brokenUniqueRule, identityRow, openTestStore, seedUser, userRow, type TestStore } from '../support/store.js';

describe(`store contract: unique rules and cascades (${ENGINE})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  const primaries = async (userId: string, type: string) =>
    (await identitiesOfType(store.db, userId, type)).filter((i) => i.is_primary === 1).map((i) => i.id);

  it('rule: a lookup key is unique among identities of one type across all users (identity_value)', async () => {
    const ann = await seedUser(store.db, {}, [{ type: 'email', key: 'ann@example.com' }]);
    const bob = await seedUser(store.db, {});
    expect(await brokenUniqueRule(insertIdentity(store.db, identityRow(bob.id, 'email', 'ann@example.com')))).toBe('identity_value');
    expect(await brokenUniqueRule(insertIdentity(store.db, identityRow(ann.id, 'email', 'ann@example.com')))).toBe('identity_value');
  });

  it('the same lookup key under another type is a different identity', async () => {
    const user = await seedUser(store.db, {}, [{ type: 'email', key: 'same-key' }]);
    await insertIdentity(store.db, identityRow(user.id, 'username', 'same-key'));
    expect((await identitiesOfType(store.db, user.id, 'username')).map((i) => i.lookup_key)).toEqual(['same-key']);
  });

  it('rule: at most one primary per user and type (identity_primary)', async () => {
    const user = await seedUser(store.db, {}, [{ type: 'email', key: 'first@example.com', primary: true }]);
    const second = identityRow(user.id, 'email', 'second@example.com', { is_primary: 1 });
    expect(await brokenUniqueRule(insertIdentity(store.db, second))).toBe('identity_primary');
    expect(await findIdentity(store.db, second.id)).toBeUndefined();
  });

  it('many non-primaries of one type, and primaries of different types, are allowed', async () => {
    const user = await seedUser(store.db, {}, [
      { type: 'email', key: 'np1@example.com' },
      { type: 'email', key: 'np2@example.com' },
      { type: 'email', key: 'p@example.com', primary: true },
      { type: 'phone', key: '+61412345678', primary: true },
      { type: 'username', key: 'primaryuser', primary: true },
    ]);
    expect(await identitiesOfType(store.db, user.id, 'email')).toHaveLength(3);
    expect(await primaries(user.id, 'phone')).toHaveLength(1);
    expect(await primaries(user.id, 'username')).toHaveLength(1);
  });

  it('primaries of one type on different users are allowed', async () => {
    const a = await seedUser(store.db, {}, [{ type: 'username', key: 'alpha', primary: true }]);
    const b = await seedUser(store.db, {}, [{ type: 'username', key: 'beta', primary: true }]);
    expect([...(await primaries(a.id, 'username')), ...(await primaries(b.id, 'username'))]).toHaveLength(2);
  });

  it('provided_id is unique when set, and any number of users have none (user_provided_id)', async () => {
    await insertUser(store.db, userRow());
    await insertUser(store.db, userRow());
    await insertUser(store.db, userRow({ provided_id: 'ext-1' }));
    expect(await brokenUniqueRule(insertUser(store.db, userRow({ provided_id: 'ext-1' })))).toBe('user_provided_id');
  });

  it('deleting a user deletes its identities (ON DELETE CASCADE)', async () => {
    const user = await seedUser(store.db, {}, [
      { type: 'email', key: 'gone@example.com', primary: true },
      { type: 'username', key: 'gone' },
    ]);
    const ids = (await identitiesOfType(store.db, user.id, 'email')).map((i) => i.id);
    expect(await deleteUser(store.db, user.id)).toBe(true);
    expect(await findIdentity(store.db, ids[0]!)).toBeUndefined();
    expect(await identitiesOfType(store.db, user.id, 'username')).toEqual([]);
    // The freed keys can be used again.
    await seedUser(store.db, {}, [{ type: 'email', key: 'gone@example.com', primary: true }]);
  });

  it('an identity must belong to an existing user (foreign key)', async () => {
    const orphan = identityRow('kp_00000000000000000000000000000000', 'email', 'orphan@example.com');
    await expect(insertIdentity(store.db, orphan)).rejects.toThrow();
    expect(await findIdentity(store.db, orphan.id)).toBeUndefined();
  });

  it('rule: make primary demotes the previous primary and promotes in one call, in one transaction', async () => {
    const user = await seedUser(store.db, {}, [
      { type: 'email', key: 'old@example.com', primary: true },
      { type: 'email', key: 'new@example.com' },
      { type: 'phone', key: '+61400000001', primary: true },
    ]);
    const [old, next] = await identitiesOfType(store.db, user.id, 'email');
    // Promoting before demoting would break the partial unique index, so success proves it never saw two primaries.
    await store.db.transaction().execute((trx) => setPrimary(trx, next!));
    expect(await primaries(user.id, 'email')).toEqual([next!.id]);
    expect((await findIdentity(store.db, old!.id))?.is_primary).toBe(0);
    expect((await primaries(user.id, 'phone')).length).toBe(1);
  });

  it('setPrimary on the current primary leaves it the only primary', async () => {
    const user = await seedUser(store.db, {}, [
      { type: 'username', key: 'stay', primary: true },
      { type: 'username', key: 'other' },
    ]);
    const [current] = await identitiesOfType(store.db, user.id, 'username');
    await store.db.transaction().execute((trx) => setPrimary(trx, current!));
    expect(await primaries(user.id, 'username')).toEqual([current!.id]);
  });
});
