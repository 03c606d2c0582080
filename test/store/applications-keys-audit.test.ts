import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEventId } from '../../src/domain/ids.js';
import type { SigningKey } from '../../src/domain/signing-key.js';
import { findApplication, insertApplication, listApplications } from '../../src/store/applications.js';
import { eventsOfUser, recordEvent, type AuditEvent } from '../../src/store/audit.js';
import { activeSigningKeys, insertSigningKey } from '../../src/store/keys.js';
import type { ApplicationRow } from '../../src/store/schema.js';
import { ENGINE } from '../support/roster.js';
import { openTestStore, type TestStore } from '../support/store.js';

describe(`store contract: applications, signing keys and audit events (${ENGINE})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  it('applications are inserted, found by id and listed oldest first', async () => {
    const app = (id: string, created_on: string, secret_hash: string | null): ApplicationRow => ({
      id,
      name: `app ${id}`,
      type: secret_hash ? 'm2m' : 'spa',
      secret_hash,
      scopes: 'read:users create:users',
      created_on,
      redirect_uris: '[]',
      logout_uris: '[]',
      origins: '[]',
      logo_url: id === 'b-later' ? 'https://example.com/logo.png' : null,
      accent_color: id === 'b-later' ? '#3451d1' : null,
    });
    const later = app('b-later', '2026-03-01T00:00:00.000Z', 'sha256-hash');
    const earlier = app('z-earlier', '2026-01-01T00:00:00.000Z', null);
    const sameTime = app('a-same-time', '2026-03-01T00:00:00.000Z', null);
    for (const row of [later, earlier, sameTime]) await insertApplication(store.db, row);
    expect(await findApplication(store.db, 'b-later')).toEqual(later);
    expect(await findApplication(store.db, 'missing')).toBeUndefined();
    expect(await listApplications(store.db)).toEqual([earlier, sameTime, later]);
  });

  it('an accent colour that is not #rrggbb is refused by the database', async () => {
    const row = {
      id: 'bad-accent',
      name: 'Bad accent',
      type: 'spa',
      secret_hash: null,
      scopes: '',
      created_on: '2026-01-01T00:00:00.000Z',
    };
    const lists = { redirect_uris: '[]', logout_uris: '[]', origins: '[]' };
    await expect(insertApplication(store.db, { ...row, ...lists, accent_color: 'blue' })).rejects.toThrow();
    expect(await findApplication(store.db, 'bad-accent')).toBeUndefined();
  });

  it('active signing keys are the unretired ones, oldest first', async () => {
    const key = (kid: string, createdOn: string, retiredOn: string | null): SigningKey => ({
      kid,
      publicJwk: JSON.stringify({ kid, kty: 'EC' }),
      privateJwk: `encrypted:${kid}`,
      createdOn,
      signsFrom: null,
      retiredOn,
    });
    const newer = key('k-newer', '2026-02-01T00:00:00.000Z', null);
    const older = key('k-older', '2026-01-01T00:00:00.000Z', null);
    const retired = key('k-retired', '2025-01-01T00:00:00.000Z', '2025-06-01T00:00:00.000Z');
    for (const row of [newer, retired, older]) await insertSigningKey(store.db, row);
    expect(await activeSigningKeys(store.db)).toEqual([older, newer]);
  });

  it('audit events read back per user in the order recorded, with data parsed from JSON and the actor structured', async () => {
    const event = (userId: string | null, type: string, data: Record<string, unknown>): AuditEvent => ({
      id: newEventId(),
      occurred_on: '2026-04-05T06:07:08.009Z',
      type,
      actor: { type: 'application', id: 'client_1', source: 'api' },
      user_id: userId,
      identity_id: null,
      data,
    });
    const first = event('kp_user_a', 'user.created', { identities: ['email'], nested: { ok: true, n: 1 } });
    const other = event('kp_user_b', 'user.created', {});
    const second = event('kp_user_a', 'identity.deleted', { promoted: 'identity_x', warnings: [], name: 'Zoë' });
    await store.db.transaction().execute(async (trx) => {
      for (const e of [first, other, second]) await recordEvent(trx, e);
    });
    expect(await eventsOfUser(store.db, 'kp_user_a')).toEqual([first, second]);
    expect(await eventsOfUser(store.db, 'kp_nobody')).toEqual([]);
  });

  it('an audit event recorded in a rolled-back transaction is gone', async () => {
    const event: AuditEvent = {
      id: newEventId(),
      occurred_on: '2026-04-05T06:07:08.009Z',
      type: 'user.deleted',
      actor: { type: 'cli', id: null, source: 'cli' },
      user_id: 'kp_rolled_back',
      identity_id: null,
      data: {},
    };
    const rollback = new Error('roll back');
    await expect(
      store.db.transaction().execute(async (trx) => {
        await recordEvent(trx, event);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await eventsOfUser(store.db, 'kp_rolled_back')).toEqual([]);
  });
});
