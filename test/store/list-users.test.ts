import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRow } from '../../src/store/schema.js';
import { listUsers } from '../../src/store/users.js';
import { ENGINE } from '../support/roster.js';
import { openTestStore, seedUser, type TestStore } from '../support/store.js';

const SIGNED_IN_SINCE = '2031-05-06T07:08:09.000Z';

describe(`store contract: listUsers (${ENGINE})`, () => {
  let store: TestStore;
  let ann: UserRow, bob: UserRow, cat: UserRow, dan: UserRow;
  beforeAll(async () => {
    store = await openTestStore();
    // Seeded in id order: ids are time-ordered, so creation order is id order.
    ann = await seedUser(store.db, { last_signed_in: '2031-05-06T07:08:08.999Z' }, [
      { type: 'email', key: 'ann@example.com', primary: true },
      { type: 'username', key: 'ann' },
    ]);
    bob = await seedUser(store.db, { last_signed_in: SIGNED_IN_SINCE }, [{ type: 'email', key: 'bob@example.com', primary: true }]);
    cat = await seedUser(store.db, { last_signed_in: '2031-05-06T07:08:09.001Z' }, [
      { type: 'email', key: 'cat@example.com', primary: true },
      { type: 'email', key: 'cat2@example.com' },
      { type: 'username', key: 'cat' },
    ]);
    dan = await seedUser(store.db, {}, [{ type: 'username', key: 'bob@example.com' }]);
  });
  afterAll(() => store.close());

  const ids = (rows: UserRow[]) => rows.map((r) => r.id);

  it('with no filter lists every user in id order', async () => {
    const rows = await listUsers(store.db, { limit: 10 });
    expect(ids(rows)).toEqual([ann.id, bob.id, cat.id, dan.id]);
    expect(ids(rows)).toEqual([...ids(rows)].sort());
  });

  it('limit caps the page and afterId continues after the last id seen', async () => {
    const first = await listUsers(store.db, { limit: 3 });
    expect(ids(first)).toEqual([ann.id, bob.id, cat.id]);
    const second = await listUsers(store.db, { limit: 3, afterId: first.at(-1)!.id });
    expect(ids(second)).toEqual([dan.id]);
    expect(await listUsers(store.db, { limit: 3, afterId: dan.id })).toEqual([]);
  });

  it('ids filter keeps only those users, still in id order', async () => {
    expect(ids(await listUsers(store.db, { ids: [dan.id, ann.id, 'kp_unknown'], limit: 10 }))).toEqual([ann.id, dan.id]);
  });

  it('an identity filter matches the lookup key within its type only', async () => {
    const byEmail = await listUsers(store.db, { identities: [{ type: 'email', lookupKeys: ['bob@example.com'] }], limit: 10 });
    expect(ids(byEmail)).toEqual([bob.id]);
    const byUsername = await listUsers(store.db, { identities: [{ type: 'username', lookupKeys: ['bob@example.com'] }], limit: 10 });
    expect(ids(byUsername)).toEqual([dan.id]);
  });

  it('the keys within one identity filter are ORed, and any identity of the user matches (not only its primary)', async () => {
    const rows = await listUsers(store.db, {
      identities: [{ type: 'email', lookupKeys: ['cat2@example.com', 'ann@example.com'] }],
      limit: 10,
    });
    expect(ids(rows)).toEqual([ann.id, cat.id]);
  });

  it('several identity filters are ANDed', async () => {
    const both = await listUsers(store.db, {
      identities: [
        { type: 'email', lookupKeys: ['ann@example.com', 'bob@example.com', 'cat@example.com'] },
        { type: 'username', lookupKeys: ['cat', 'bob@example.com'] },
      ],
      limit: 10,
    });
    expect(ids(both)).toEqual([cat.id]);
    const none = await listUsers(store.db, {
      identities: [
        { type: 'email', lookupKeys: ['bob@example.com'] },
        { type: 'username', lookupKeys: ['ann'] },
      ],
      limit: 10,
    });
    expect(none).toEqual([]);
  });

  it('an empty ids or lookup-key list matches nobody', async () => {
    expect(await listUsers(store.db, { ids: [], limit: 10 })).toEqual([]);
    expect(await listUsers(store.db, { identities: [{ type: 'email', lookupKeys: [] }], limit: 10 })).toEqual([]);
  });

  it('signedInSince keeps users whose last sign-in is at or after that instant (never signed in: left out)', async () => {
    expect(ids(await listUsers(store.db, { signedInSince: SIGNED_IN_SINCE, limit: 10 }))).toEqual([bob.id, cat.id]);
  });

  it('ids and identity filters combine with paging', async () => {
    const rows = await listUsers(store.db, {
      ids: [ann.id, bob.id, cat.id],
      identities: [{ type: 'email', lookupKeys: ['ann@example.com', 'bob@example.com', 'cat@example.com'] }],
      afterId: ann.id,
      limit: 1,
    });
    expect(ids(rows)).toEqual([bob.id]);
  });
});
