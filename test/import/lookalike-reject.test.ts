import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import { importUsers } from '../../src/services/import/pipeline.js';
import { openImportSource } from '../../src/services/import/source.js';
import { createUser } from '../../src/services/users.js';
import { ENGINE, startRoster, type TestRoster } from '../support/roster.js';
import { importFixture, storedUsers } from './support.js';

describe(`ROSTER_USERNAME_LOOKALIKES=reject refuses look-alike usernames in an import (${ENGINE})`, () => {
  let test: TestRoster;
  beforeAll(async () => {
    test = await startRoster({ usernameLookalikes: 'reject' });
    await createUser(test.roster, { identities: [{ type: 'username', details: { username: 'BuilderBob' } }] }, CLI_ACTOR);
  });
  afterAll(() => test.close());

  it('reports them as invalid, naming the other username, and imports the rest', async () => {
    const report = await importFixture(test.roster, 'report-kinde.csv', { dryRun: false });
    expect(report.invalid.filter((p) => p.code === 'USERNAME_LOOKALIKE')).toEqual([
      { row: 5, field: 'username', code: 'USERNAME_LOOKALIKE', reason: 'Username R0syRose looks like the username in row 1, RosyRose' },
      { row: 10, field: 'username', code: 'USERNAME_LOOKALIKE', reason: 'Username Bui1derBob looks like an existing username, BuilderBob' },
    ]);
    expect(report.counts).toMatchObject({ imported: 3, invalid: 5, lookalike_warnings: 0 });
    const ids = (await storedUsers(test.roster.database.db)).map((u) => u.provided_id).filter((id) => id !== null);
    expect(ids).toEqual(['r-1', 'r-8', 'r-9']);
  });

  it('a capital I that looks like l is caught, in the file and against stored usernames (both look-alike keys)', async () => {
    await createUser(test.roster, { identities: [{ type: 'username', details: { username: 'Modern' } }] }, CLI_ACTOR);
    const lines = [
      { id: 'q-1', username: 'BuilderBobQ' },
      { id: 'q-2', username: 'BuiIderBobQ' },
      { id: 'q-3', username: 'BuiIderBob' },
      { id: 'q-4', username: 'rnodern' },
    ].map((user) => JSON.stringify({ id: user.id, username: user.username }));
    const source = await openImportSource(Readable.from([lines.join('\n')]), 'kinde-ndjson');
    const report = await importUsers(test.roster, source.rows, { dryRun: false, batchSize: 2, format: source.format });
    expect(report.invalid.map((p) => p.reason)).toEqual([
      'Username BuiIderBobQ looks like the username in row 1, BuilderBobQ',
      'Username BuiIderBob looks like an existing username, BuilderBob',
      'Username rnodern looks like an existing username, Modern',
    ]);
    expect(report.counts).toMatchObject({ imported: 1, invalid: 3 });
  });
});
