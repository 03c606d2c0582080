import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { newEventId } from '../../src/domain/ids.js';
import { pruneExpired } from '../../src/services/housekeeping.js';
import { recordEvent } from '../../src/store/audit.js';
import type { Db } from '../../src/store/database.js';
import { PRUNE_BATCH_SIZE } from '../../src/store/housekeeping.js';
import { ENGINE, startRoster, type TestRoster } from '../support/roster.js';

const DAY = 24 * 3600 * 1000;
const NOW = new Date('2030-06-01T12:00:00.000Z');

async function seedEvents(db: Db, ageDays: number, count: number): Promise<void> {
  const occurred_on = new Date(NOW.getTime() - ageDays * DAY).toISOString();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i++)
      await recordEvent(trx, {
        id: newEventId(),
        occurred_on,
        type: 'user.updated',
        actor: SYSTEM_ACTOR,
        user_id: null,
        identity_id: null,
        data: {},
      });
  });
}

const countEvents = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe(`event retention in housekeeping (${ENGINE})`, () => {
  let kept: TestRoster;
  let pruned: TestRoster;
  beforeAll(async () => {
    kept = await startRoster();
    pruned = await startRoster({ eventRetentionDays: 30 });
  });
  afterAll(async () => {
    await kept?.close();
    await pruned?.close();
  });

  it('keeps every event when no retention is set', async () => {
    await seedEvents(kept.roster.database.db, 4000, 3);
    const counts = await pruneExpired(kept.roster, NOW);
    expect(counts.audit_events).toBeUndefined();
    expect(await countEvents(kept.roster.database.db)).toBe(3);
  });

  it('prunes events older than the retention, in bounded batches, and keeps the rest', async () => {
    const db = pruned.roster.database.db;
    const before = await countEvents(db);
    await seedEvents(db, 31, PRUNE_BATCH_SIZE * 2 + 5);
    await seedEvents(db, 29, 4);
    // Two batches at most this pass: the remainder waits for the next.
    expect((await pruneExpired(pruned.roster, NOW, 2)).audit_events).toBe(PRUNE_BATCH_SIZE * 2);
    expect((await pruneExpired(pruned.roster, NOW, 2)).audit_events).toBe(5);
    expect(await countEvents(db)).toBe(before + 4);
  });
});
