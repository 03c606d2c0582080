import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import { newEventId, newIdentityId, newUserId } from '../../src/domain/ids.js';
import { createUser } from '../../src/services/users.js';
import { openBulkSession, type BulkSession, type BulkUser } from '../../src/store/bulk.js';
import { ENGINE, startRoster, type TestRoster } from '../support/roster.js';
import { integrity } from './support.js';

// A batch is checked against the database before it is written; an API write can take one of its values in between.
// The unique indexes decide: the batch's user that lost the race is left out whole, the API's write stands, and the
// rest of the batch is written.

const now = new Date().toISOString();

function bulkUser(providedId: string, emails: string[]): BulkUser {
  const id = newUserId();
  return {
    user: {
      id,
      provided_id: providedId,
      first_name: null,
      last_name: null,
      full_name_key: null,
      last_name_key: null,
      picture: null,
      created_on: now,
    },
    identities: emails.map((email, i) => ({
      id: newIdentityId(),
      type: 'email',
      name: email,
      lookup_key: email.toLowerCase(),
      lookalike_key: null,
      lookalike_cased_key: null,
      connection_id: null,
      is_primary: i === 0 ? 1 : 0,
      is_confirmed: 0,
      created_on: now,
    })),
    password: { algorithm: 'bcrypt', hash: '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy', params: null },
  };
}

const event = () => ({
  id: newEventId(),
  occurred_on: now,
  type: 'users.imported',
  actor: CLI_ACTOR,
  user_id: null,
  identity_id: null,
  data: {},
});

describe(`a batch racing an API write (${ENGINE})`, () => {
  let test: TestRoster;
  let session: BulkSession;
  beforeAll(async () => {
    test = await startRoster();
    session = await openBulkSession(test.roster.database, test.config);
  });
  afterAll(async () => {
    await session.close();
    await test.close();
  });

  it('leaves out, whole, each user whose identity or provided id was taken after the check', async () => {
    const batch = [
      bulkUser('race-1', ['one@example.com']),
      bulkUser('race-2', ['two@example.com', 'taken@example.com']),
      bulkUser('race-3', ['three@example.com']),
      bulkUser('race-4', ['four@example.com']),
    ];
    const claims = batch.flatMap(({ user, identities }, row) => [
      { kind: 'provided_id', key: user.provided_id!, row, name: null },
      ...identities.map((i) => ({ kind: i.type, key: i.lookup_key, row, name: null })),
    ]);
    const checked = await session.check(claims, { lookalikes: false });
    expect(checked).toMatchObject({ existingIdentities: new Set(), existingProvidedIds: new Set(), seen: [] });
    // Between the check and the write, the API adds users holding race-2's second email and race-3's provided id.
    await createUser(test.roster, { identities: [{ type: 'email', details: { email: 'Taken@Example.com' } }] }, CLI_ACTOR);
    await createUser(
      test.roster,
      { provided_id: 'race-3', identities: [{ type: 'email', details: { email: 'api@example.com' } }] },
      CLI_ACTOR,
    );

    const left = await session.insertBatch(batch, event());
    expect(left).toEqual(new Set([batch[1]!.user.id, batch[2]!.user.id]));

    const db = test.roster.database.db;
    const stored = await db.selectFrom('users').select('provided_id').execute();
    expect(stored.map((u) => String(u.provided_id)).sort()).toEqual(['null', 'race-1', 'race-3', 'race-4']);
    const emails = await db.selectFrom('identities').select('name').execute();
    expect(emails.map((e) => e.name).sort()).toEqual(['Taken@Example.com', 'api@example.com', 'four@example.com', 'one@example.com']);
    const passwords = await db.selectFrom('user_passwords').select('user_id').execute();
    expect(passwords.map((p) => p.user_id).sort()).toEqual([batch[0]!.user.id, batch[3]!.user.id].sort());
    expect(await integrity(db)).toMatchObject({ usersWithoutIdentities: 0, duplicateKeys: 0 });
  });
});
