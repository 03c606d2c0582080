import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockLookalikeKeys } from '../../src/store/identities.js';
import type { Schema } from '../../src/store/schema.js';
import { findUser, lockUser, updateUser } from '../../src/store/users.js';
import { ENGINE } from '../support/roster.js';
import { openTestStore, seedUser, type TestStore } from '../support/store.js';

type Lock = (trx: Transaction<Schema>) => Promise<unknown>;

const HOLD_MS = 300;
const BOUND_MS = 5_000;

function withinBound<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${BOUND_MS} ms`)), BOUND_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe(`store contract: locks inside transactions (${ENGINE})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  /**
   * The first transaction takes `first` and holds it for HOLD_MS before writing and committing; the second then asks
   * for `second`. Returns whether the second got its lock only after the first was let go (it cannot commit sooner),
   * and what the second then read.
   */
  async function race(first: Lock, second: Lock, userId: string) {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let signalLocked!: () => void;
    const locked = new Promise<void>((resolve) => (signalLocked = resolve));
    const holder = store.db.transaction().execute(async (trx) => {
      await first(trx);
      signalLocked();
      await held;
      await updateUser(trx, userId, { first_name: 'written by the first' });
    });
    await withinBound(locked, 'the first lock');

    const waiter = store.db.transaction().execute(async (trx) => {
      if (store.engine === 'postgres') await sql`set local lock_timeout = '5s'`.execute(trx);
      await second(trx);
      return { lockedAt: performance.now(), seen: (await findUser(trx, userId))?.first_name };
    });
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
    const releasedAt = performance.now();
    release();
    await withinBound(holder, 'the first transaction');
    const { lockedAt, seen } = await withinBound(waiter, 'the second transaction');
    return { waited: lockedAt >= releasedAt, seen };
  }

  it('lockUser returns whether the user exists', async () => {
    const user = await seedUser(store.db, {});
    await store.db.transaction().execute(async (trx) => {
      expect(await lockUser(trx, user.id)).toBe(true);
      expect(await lockUser(trx, 'kp_ffffffffffffffffffffffffffffffff')).toBe(false);
    });
  });

  it('lockLookalikeKeys can be taken (and taken again) inside a transaction', async () => {
    const taken = await store.db.transaction().execute(async (trx) => {
      await lockLookalikeKeys(trx, { folded: 'some-skeleton', cased: 'Some-skeleton' });
      await lockLookalikeKeys(trx, { folded: 'some-skeleton', cased: 'Some-skeleton' });
      return 'taken';
    });
    expect(taken).toBe('taken');
  });

  it('a second transaction’s lockUser on the same user waits until the first commits, then sees its write', async () => {
    const user = await seedUser(store.db, { first_name: 'before' });
    const outcome = await race(
      (trx) => lockUser(trx, user.id),
      (trx) => lockUser(trx, user.id),
      user.id,
    );
    expect(outcome).toEqual({ waited: true, seen: 'written by the first' });
  });

  it('a second transaction’s lockLookalikeKeys on the same key waits until the first commits', async () => {
    const user = await seedUser(store.db, {});
    const lock: Lock = (trx) => lockLookalikeKeys(trx, { folded: 'shared-skeleton', cased: 'Shared-skeleton' });
    expect((await race(lock, lock, user.id)).waited).toBe(true);
  });

  it.runIf(ENGINE === 'postgres')('locks on different users or look-alike keys do not wait for each other', async () => {
    const [a, b] = [await seedUser(store.db, {}), await seedUser(store.db, {})];
    expect(
      (
        await race(
          (trx) => lockUser(trx, a.id),
          (trx) => lockUser(trx, b.id),
          a.id,
        )
      ).waited,
    ).toBe(false);
    const byKey =
      (key: string): Lock =>
      (trx) =>
        lockLookalikeKeys(trx, { folded: key, cased: key.toUpperCase() });
    expect((await race(byKey('skeleton-a'), byKey('skeleton-b'), a.id)).waited).toBe(false);
  });
});
