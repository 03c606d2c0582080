import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countIdentitiesOfUser,
  deleteIdentity,
  findIdentity,
  findLookalike,
  hasPrimary,
  identitiesOfType,
  identitiesOfUser,
  identitiesOfUsers,
  insertIdentity,
} from '../../src/store/identities.js';
import type { IdentityRow, UserRow } from '../../src/store/schema.js';
import { ENGINE } from '../support/roster.js';
import { identityRow, openTestStore, seedUser, type TestStore } from '../support/store.js';

describe(`store contract: reading identities (${ENGINE})`, () => {
  let store: TestStore;
  let many: UserRow, few: UserRow, none: UserRow;
  let manyIds: string[];
  beforeAll(async () => {
    store = await openTestStore();
    many = await seedUser(store.db, {}, [
      { type: 'email', key: 'm1@example.com', primary: true },
      { type: 'username', key: 'many', primary: true },
      { type: 'email', key: 'm2@example.com' },
      { type: 'phone', key: '+61400000002' },
      { type: 'email', key: 'm3@example.com' },
    ]);
    few = await seedUser(store.db, {}, [{ type: 'email', key: 'f1@example.com', primary: true }]);
    none = await seedUser(store.db, {});
    manyIds = (await identitiesOfUser(store.db, many.id, { limit: 100 })).map((i) => i.id);
  });
  afterAll(() => store.close());

  const ids = (rows: IdentityRow[]) => rows.map((r) => r.id);

  it('identitiesOfUser lists one user’s identities in creation (id) order', async () => {
    expect(manyIds).toHaveLength(5);
    expect(manyIds).toEqual([...manyIds].sort());
    const keys = (await identitiesOfUser(store.db, many.id, { limit: 100 })).map((i) => i.lookup_key);
    expect(keys).toEqual(['m1@example.com', 'many', 'm2@example.com', '+61400000002', 'm3@example.com']);
  });

  it('identitiesOfUser pages forward with afterId and backward with beforeId, each page in id order', async () => {
    expect(ids(await identitiesOfUser(store.db, many.id, { limit: 2 }))).toEqual(manyIds.slice(0, 2));
    expect(ids(await identitiesOfUser(store.db, many.id, { limit: 2, afterId: manyIds[1] }))).toEqual(manyIds.slice(2, 4));
    expect(ids(await identitiesOfUser(store.db, many.id, { limit: 2, afterId: manyIds[3] }))).toEqual(manyIds.slice(4));
    expect(ids(await identitiesOfUser(store.db, many.id, { limit: 2, beforeId: manyIds[4] }))).toEqual(manyIds.slice(2, 4));
    expect(ids(await identitiesOfUser(store.db, many.id, { limit: 2, beforeId: manyIds[1] }))).toEqual(manyIds.slice(0, 1));
    expect(await identitiesOfUser(store.db, many.id, { limit: 2, beforeId: manyIds[0] })).toEqual([]);
  });

  it('identitiesOfUser never returns another user’s identities, even with a cursor from them', async () => {
    const fewIds = ids(await identitiesOfUser(store.db, few.id, { limit: 10 }));
    expect(fewIds).toHaveLength(1);
    expect(ids(await identitiesOfUser(store.db, many.id, { limit: 10, beforeId: fewIds[0] }))).toEqual(manyIds);
    expect(await identitiesOfUser(store.db, few.id, { limit: 10, beforeId: manyIds[0] })).toEqual([]);
  });

  it('countIdentitiesOfUser counts as a number on both engines', async () => {
    expect(await countIdentitiesOfUser(store.db, many.id)).toBe(5);
    expect(await countIdentitiesOfUser(store.db, few.id)).toBe(1);
    expect(await countIdentitiesOfUser(store.db, none.id)).toBe(0);
  });

  it('identitiesOfUsers returns all identities of the users asked for, in id order', async () => {
    const rows = await identitiesOfUsers(store.db, [few.id, many.id, none.id]);
    expect(ids(rows)).toEqual([...manyIds, ...ids(await identitiesOfUser(store.db, few.id, { limit: 10 }))]);
    expect(await identitiesOfUsers(store.db, [])).toEqual([]);
  });

  it('identitiesOfUsers with primaryOnly returns just the primaries', async () => {
    const rows = await identitiesOfUsers(store.db, [many.id, few.id], true);
    expect(rows.map((r) => r.lookup_key)).toEqual(['m1@example.com', 'many', 'f1@example.com']);
    expect(rows.every((r) => r.is_primary === 1)).toBe(true);
  });

  it('identitiesOfType and hasPrimary look at one type of one user', async () => {
    expect((await identitiesOfType(store.db, many.id, 'email')).map((i) => i.lookup_key)).toEqual([
      'm1@example.com',
      'm2@example.com',
      'm3@example.com',
    ]);
    expect(await hasPrimary(store.db, many.id, 'email')).toBe(true);
    expect(await hasPrimary(store.db, many.id, 'phone')).toBe(false);
    expect(await hasPrimary(store.db, none.id, 'email')).toBe(false);
  });

  it('deleteIdentity removes just that identity', async () => {
    const user = await seedUser(store.db, {}, [
      { type: 'email', key: 'keep@example.com', primary: true },
      { type: 'email', key: 'drop@example.com' },
    ]);
    const [keep, drop] = await identitiesOfType(store.db, user.id, 'email');
    await deleteIdentity(store.db, drop!.id);
    expect(await findIdentity(store.db, drop!.id)).toBeUndefined();
    expect(await findIdentity(store.db, keep!.id)).toEqual(keep);
  });

  it('findLookalike finds another username sharing either look-alike key, never the same lookup key', async () => {
    const owner = await seedUser(store.db, {});
    const keys = { lookalike_key: 'builderbob-folded', lookalike_cased_key: 'builderbob-cased' };
    await insertIdentity(store.db, identityRow(owner.id, 'username', 'builderbob', keys));
    await insertIdentity(store.db, identityRow(owner.id, 'email', 'builderb0b', keys));
    const folded = { folded: 'builderbob-folded', cased: 'other-cased' };
    const cased = { folded: 'other-folded', cased: 'builderbob-cased' };
    expect((await findLookalike(store.db, folded, 'bui1derbob'))?.lookup_key).toBe('builderbob');
    expect((await findLookalike(store.db, cased, 'bui1derbob'))?.lookup_key).toBe('builderbob');
    expect(await findLookalike(store.db, { folded: 'builderbob-folded', cased: 'builderbob-cased' }, 'builderbob')).toBeUndefined();
    // The keys are of two kinds: a folded key never matches a cased one.
    expect(await findLookalike(store.db, { folded: 'builderbob-cased', cased: 'builderbob-folded' }, 'bui1derbob')).toBeUndefined();
  });
});
