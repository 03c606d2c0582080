import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRow } from '../../src/store/schema.js';
import { prefixRange } from '../../src/store/text.js';
import { searchUsers, type UserSearch } from '../../src/store/users.js';
import { ENGINE } from '../support/roster.js';
import { openTestStore, seedUser, type TestStore } from '../support/store.js';

describe(`store contract: searchUsers (${ENGINE})`, () => {
  let store: TestStore;
  const seeded: Record<string, UserRow> = {};
  beforeAll(async () => {
    store = await openTestStore();
    const users: [string, Partial<UserRow>, string[]][] = [
      ['ann', { first_name: 'Ann', last_name: 'Lee' }, ['ann@example.com']],
      ['annUmlaut', {}, ['annë@example.com']],
      ['annPercent', {}, ['ann%x@example.com']],
      ['anp', {}, ['anp@example.com']],
      ['peter', { first_name: 'Peter', last_name: 'Parker' }, ['spidey@example.com']],
      ['percentName', { first_name: '50%', last_name: 'Off' }, ['pct@example.com']],
      ['percentLike', { first_name: '50xoff' }, ['pct2@example.com']],
      ['underscoreName', { first_name: 'a_b' }, ['us1@example.com']],
      ['underscoreLike', { first_name: 'axb' }, ['us2@example.com']],
      ['elodie', { first_name: 'Élodie' }, ['el@example.com']],
      ['lastOnly', { last_name: 'Zed' }, ['lo@example.com']],
    ];
    for (const [label, user, keys] of users) {
      seeded[label] = await seedUser(
        store.db,
        user,
        keys.map((key) => ({ type: 'email', key })),
      );
    }
  });
  afterAll(() => store.close());

  const labels = async (search: Partial<UserSearch>) => {
    const rows = await searchUsers(store.db, { keyPrefix: null, namePrefix: null, exact: null, limit: 100, ...search });
    const byId = new Map(Object.entries(seeded).map(([label, row]) => [row.id, label]));
    return rows.map((r) => byId.get(r.id));
  };

  it('prefixRange spans exactly the strings that start with the prefix', () => {
    const [low, high] = prefixRange('ann');
    expect(low).toBe('ann');
    expect(high).toBe('ann\u{10FFFF}');
  });

  it('a key prefix matches lookup keys that start with it, in byte order, including non-ASCII continuations', async () => {
    expect(await labels({ keyPrefix: 'ann' })).toEqual(['ann', 'annUmlaut', 'annPercent']);
    expect(await labels({ keyPrefix: 'annë' })).toEqual(['annUmlaut']);
    expect(await labels({ keyPrefix: 'anne' })).toEqual([]);
    expect(await labels({ keyPrefix: 'an' })).toEqual(['ann', 'annUmlaut', 'annPercent', 'anp']);
  });

  it('a key prefix has no wildcards: % and _ match only themselves', async () => {
    expect(await labels({ keyPrefix: 'ann%' })).toEqual(['annPercent']);
    expect(await labels({ keyPrefix: 'an_' })).toEqual([]);
    expect(await labels({ keyPrefix: '%' })).toEqual([]);
  });

  it('a name prefix matches the given name, the family name, or "given family", ignoring case', async () => {
    expect(await labels({ namePrefix: 'pet' })).toEqual(['peter']);
    expect(await labels({ namePrefix: 'park' })).toEqual(['peter']);
    expect(await labels({ namePrefix: 'peter pa' })).toEqual(['peter']);
    expect(await labels({ namePrefix: 'peter parker' })).toEqual(['peter']);
    expect(await labels({ namePrefix: 'peter parkers' })).toEqual([]);
    expect(await labels({ namePrefix: 'zed' })).toEqual(['lastOnly']);
  });

  it('a name prefix has no wildcards: % and _ match only themselves', async () => {
    expect(await labels({ namePrefix: '50%' })).toEqual(['percentName']);
    expect(await labels({ namePrefix: '50' })).toEqual(['percentName', 'percentLike']);
    expect(await labels({ namePrefix: 'a_' })).toEqual(['underscoreName']);
    expect(await labels({ namePrefix: '%' })).toEqual([]);
    expect(await labels({ namePrefix: '_' })).toEqual([]);
  });

  it('a name prefix matches a non-ASCII name whatever its case, the same on both engines', async () => {
    expect(await labels({ namePrefix: 'élo' })).toEqual(['elodie']);
    expect(await labels({ namePrefix: 'élodie' })).toEqual(['elodie']);
  });

  it('key and name prefixes are alternatives: a user matching either is found once', async () => {
    expect(await labels({ keyPrefix: 'ann', namePrefix: 'ann' })).toEqual(['ann', 'annUmlaut', 'annPercent']);
    expect(await labels({ keyPrefix: 'spidey', namePrefix: 'spidey' })).toEqual(['peter']);
    expect(await labels({ keyPrefix: 'pet', namePrefix: 'pet' })).toEqual(['peter']);
  });

  it('null prefixes list every user in id order', async () => {
    expect(await labels({})).toEqual(Object.keys(seeded));
  });

  it('afterId pages forward and beforeId pages backward, each page in id order', async () => {
    const all = Object.keys(seeded);
    const id = (label: string) => seeded[label]!.id;
    expect(await labels({ limit: 3 })).toEqual(all.slice(0, 3));
    expect(await labels({ limit: 3, afterId: id(all[2]!) })).toEqual(all.slice(3, 6));
    expect(await labels({ limit: 3, beforeId: id(all[6]!) })).toEqual(all.slice(3, 6));
    expect(await labels({ limit: 3, beforeId: id(all[1]!) })).toEqual(all.slice(0, 1));
    expect(await labels({ limit: 3, afterId: id(all.at(-1)!) })).toEqual([]);
  });

  it('paging applies to the filtered set', async () => {
    expect(await labels({ keyPrefix: 'an', limit: 2 })).toEqual(['ann', 'annUmlaut']);
    expect(await labels({ keyPrefix: 'an', limit: 2, afterId: seeded.annUmlaut!.id })).toEqual(['annPercent', 'anp']);
    expect(await labels({ keyPrefix: 'an', limit: 2, beforeId: seeded.anp!.id })).toEqual(['annUmlaut', 'annPercent']);
  });
});
