import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as admins from '../../src/store/admins.js';
import { updateUser } from '../../src/store/users.js';
import { ENGINE } from '../support/roster.js';
import { brokenUniqueRule, openTestStore, seedUser, type TestStore } from '../support/store.js';

describe(`store contract: admins and setup links (${ENGINE})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  const at = '2026-01-01T00:00:00.000Z';
  const adminRow = (userId: string, scopes: string, firstAdmin: 1 | null = null) => ({
    user_id: userId,
    scopes,
    first_admin: firstAdmin,
    created_on: at,
    updated_on: at,
  });

  it('grants, replaces scopes, lists with the primary email, and removes', async () => {
    const user = await seedUser(store.db, { first_name: 'Ada' }, [{ type: 'email', key: 'ada@example.com', primary: true }]);
    await admins.upsertAdmin(store.db, adminRow(user.id, 'read:users'));
    await admins.upsertAdmin(store.db, { ...adminRow(user.id, 'all'), updated_on: '2026-01-02T00:00:00.000Z' });
    expect(await admins.listAdmins(store.db)).toMatchObject([
      { user_id: user.id, scopes: 'all', email: 'ada@example.com', first_name: 'Ada' },
    ]);
    expect(await admins.activeAdminScopes(store.db, user.id)).toBe('all');
    expect(await admins.deleteAdmin(store.db, user.id)).toBe(true);
    expect(await admins.deleteAdmin(store.db, user.id)).toBe(false);
    expect(await admins.activeAdminScopes(store.db, user.id)).toBeUndefined();
  });

  it('gives a suspended admin no scopes, and forgets an admin whose user is deleted', async () => {
    const user = await seedUser(store.db, {});
    await admins.upsertAdmin(store.db, adminRow(user.id, 'all'));
    await updateUser(store.db, user.id, { is_suspended: 1 });
    expect(await admins.activeAdminScopes(store.db, user.id)).toBeUndefined();
    await store.db.deleteFrom('users').where('id', '=', user.id).execute();
    expect((await admins.listAdmins(store.db)).map((a) => a.user_id)).not.toContain(user.id);
  });

  it('allows one first admin only (a unique index)', async () => {
    const [first, second] = [await seedUser(store.db, {}), await seedUser(store.db, {})];
    await admins.upsertAdmin(store.db, adminRow(first.id, 'all', 1));
    expect(await brokenUniqueRule(admins.upsertAdmin(store.db, adminRow(second.id, 'all', 1)))).toBe('first_admin');
  });

  it('claims a live setup link once, and never an expired one', async () => {
    await admins.insertSetupLink(store.db, { token_hash: 'live', created_on: at, expires_on: '2026-01-01T01:00:00.000Z' });
    expect(await admins.setupLinkIsLive(store.db, 'live', '2026-01-01T00:30:00.000Z')).toBe(true);
    expect(await admins.claimSetupLink(store.db, 'live', '2026-01-01T01:00:00.000Z')).toBe(false);
    const claims = await Promise.all([1, 2, 3].map(() => admins.claimSetupLink(store.db, 'live', '2026-01-01T00:30:00.000Z')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await admins.setupLinkIsLive(store.db, 'live', '2026-01-01T00:31:00.000Z')).toBe(false);
    expect(await admins.claimSetupLink(store.db, 'unknown', '2026-01-01T00:30:00.000Z')).toBe(false);
  });
});
