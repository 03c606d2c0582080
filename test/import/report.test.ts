import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import type { ImportReport } from '../../src/services/import/report.js';
import { createUser } from '../../src/services/users.js';
import { ENGINE, startRoster, type TestRoster } from '../support/roster.js';
import { snapshot } from '../support/snapshot.js';
import { importFixture, integrity, storedUsers } from './support.js';

// One fixture per format, each with valid rows, invalid rows, duplicates that differ only in case, a repeated id and
// look-alike usernames, imported into a database that already holds existing@example.com and the username BuilderBob.

type Expected = Omit<ImportReport, 'format' | 'dry_run' | 'seconds' | 'truncated' | 'listed_limit' | 'ignored_fields'> & {
  ignored_fields?: string[];
};

const PHONE_NATIONAL = 'Phone number must be in international format (+61412345678) or come with phone_country_id';
const ONE_AT = 'Email must contain exactly one @';

const CASES: { file: string; format: string; expected: Expected; imported: string[] }[] = [
  {
    file: 'report-kinde.csv',
    format: 'kinde-csv',
    expected: {
      counts: { read: 11, valid: 8, imported: 4, skipped_existing: 1, invalid: 3, duplicates: 3, lookalike_warnings: 2 },
      invalid: [
        { row: 3, field: 'phone', code: 'INVALID_PHONE', reason: PHONE_NATIONAL },
        { row: 7, field: 'email', code: 'INVALID_EMAIL', reason: ONE_AT },
        { row: 11, field: 'hashed_password', code: 'INVALID_PASSWORD_HASH', reason: expect.any(String) },
      ],
      duplicates: [
        { row: 2, field: 'email', reason: 'The same email as row 1', duplicate_of_row: 1 },
        { row: 4, field: 'username', reason: 'The same username as row 1', duplicate_of_row: 1 },
        { row: 6, field: 'id', reason: 'The same id as row 1', duplicate_of_row: 1 },
      ],
      existing: [{ row: 8, field: 'email', reason: 'already exists' }],
      lookalikes: [
        { row: 5, username: 'R0syRose', looks_like: 'RosyRose', other_row: 1 },
        { row: 10, username: 'Bui1derBob', looks_like: 'BuilderBob', other_row: null },
      ],
    },
    imported: ['r-1', 'r-10', 'r-5', 'r-9'],
  },
  {
    file: 'report-kinde.ndjson',
    format: 'kinde-ndjson',
    expected: {
      counts: { read: 10, valid: 8, imported: 4, skipped_existing: 1, invalid: 2, duplicates: 3, lookalike_warnings: 2 },
      invalid: [
        { row: 3, field: 'identities[0].identity', code: 'INVALID_PHONE', reason: PHONE_NATIONAL },
        { row: 9, field: 'identities', code: 'INVALID_ROW', reason: expect.stringContaining('no identity') },
      ],
      duplicates: [
        { row: 2, field: 'identities[0].identity', reason: 'The same email as row 1', duplicate_of_row: 1 },
        { row: 4, field: 'identities[0].identity', reason: 'The same username as row 1', duplicate_of_row: 1 },
        { row: 7, field: 'id', reason: 'The same id as row 1', duplicate_of_row: 1 },
      ],
      existing: [{ row: 8, field: 'identities[0].identity', reason: 'already exists' }],
      lookalikes: [
        { row: 5, username: 'R0syRose', looks_like: 'RosyRose', other_row: 1 },
        { row: 10, username: 'Bui1derBob', looks_like: 'BuilderBob', other_row: null },
      ],
      ignored_fields: ['organizations'],
    },
    imported: ['n-1', 'n-10', 'n-11', 'n-5'],
  },
  {
    file: 'report-auth0.json',
    format: 'auth0',
    expected: {
      counts: { read: 6, valid: 5, imported: 3, skipped_existing: 1, invalid: 1, duplicates: 1, lookalike_warnings: 1 },
      invalid: [{ row: 4, field: 'email', code: 'INVALID_EMAIL', reason: ONE_AT }],
      duplicates: [{ row: 2, field: 'email', reason: 'The same email as row 1', duplicate_of_row: 1 }],
      existing: [{ row: 6, field: 'email', reason: 'already exists' }],
      lookalikes: [{ row: 5, username: 'R0syRose', looks_like: 'RosyRose', other_row: 1 }],
    },
    imported: ['auth0|a1', 'auth0|a5', 'google-oauth2|111'],
  },
  {
    file: 'report-firebase.json',
    format: 'firebase',
    expected: {
      counts: { read: 6, valid: 5, imported: 2, skipped_existing: 1, invalid: 1, duplicates: 2, lookalike_warnings: 0 },
      invalid: [{ row: 4, field: 'phoneNumber', code: 'INVALID_PHONE', reason: PHONE_NATIONAL }],
      duplicates: [
        { row: 2, field: 'email', reason: 'The same email as row 1', duplicate_of_row: 1 },
        { row: 5, field: 'id', reason: 'The same id as row 1', duplicate_of_row: 1 },
      ],
      existing: [{ row: 6, field: 'email', reason: 'already exists' }],
      lookalikes: [],
    },
    imported: ['f-1', 'f-3'],
  },
];

describe.each(CASES)(`import report for $file (${ENGINE})`, ({ file, format, expected, imported }) => {
  let test: TestRoster;
  beforeAll(async () => {
    test = await startRoster();
    await createUser(test.roster, { identities: [{ type: 'email', details: { email: 'existing@example.com' } }] }, CLI_ACTOR);
    await createUser(
      test.roster,
      { provided_id: 'seeded', identities: [{ type: 'username', details: { username: 'BuilderBob' } }] },
      CLI_ACTOR,
    );
  });
  afterAll(() => test.close());

  const reportOf = (dryRun: boolean) => ({
    format,
    dry_run: dryRun,
    truncated: false,
    listed_limit: 10_000,
    seconds: expect.any(Number),
    ignored_fields: [],
    ...expected,
  });

  it('dry run: lists every invalid row, duplicate, existing row and look-alike, and writes nothing', async () => {
    const before = await snapshot(test.roster.database.db);
    expect(await importFixture(test.roster, file, { dryRun: true })).toEqual(reportOf(true));
    expect(await snapshot(test.roster.database.db)).toEqual(before);
  });

  it('import: writes exactly the rows the dry run said it would, each whole', async () => {
    expect(await importFixture(test.roster, file, { dryRun: false })).toEqual(reportOf(false));
    const users = await storedUsers(test.roster.database.db);
    expect(users.map((u) => u.provided_id).filter((id) => id !== null && id !== 'seeded')).toEqual(imported);
    const checks = await integrity(test.roster.database.db);
    expect(checks).toMatchObject({ users: imported.length + 2, usersWithoutIdentities: 0, duplicateKeys: 0 });
  });

  it('re-import: skips every row as existing and changes nothing', async () => {
    const before = await snapshot(test.roster.database.db);
    const again = await importFixture(test.roster, file, { dryRun: false });
    expect(again.counts).toEqual({
      ...expected.counts,
      imported: 0,
      skipped_existing: expected.counts.imported + expected.counts.skipped_existing,
      lookalike_warnings: 0,
    });
    expect(again.duplicates).toEqual(expected.duplicates);
    expect(await snapshot(test.roster.database.db)).toEqual(before);
  });
});

describe(`what an imported user looks like (${ENGINE})`, () => {
  let test: TestRoster;
  beforeAll(async () => {
    test = await startRoster();
    await importFixture(test.roster, 'report-kinde.ndjson', { dryRun: false });
  });
  afterAll(() => test.close());

  it('normalises values as the API does; the first identity of each type is primary; confirmation follows the row', async () => {
    const users = await storedUsers(test.roster.database.db);
    const byId = new Map(users.map((u) => [u.provided_id, u]));
    expect(byId.get('n-1')).toEqual({
      provided_id: 'n-1',
      first_name: 'Ann',
      last_name: 'Lee',
      picture: null,
      identities: [
        { type: 'email', name: 'Ann@Example.com', is_primary: 1, is_confirmed: 1, connection_id: null },
        { type: 'username', name: 'RosyRose', is_primary: 1, is_confirmed: 1, connection_id: null },
        { type: 'email', name: 'ann.lee@example.com', is_primary: 0, is_confirmed: 0, connection_id: null },
      ],
      password: { algorithm: 'bcrypt', hash: '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy', params: null },
    });
    expect(byId.get('n-5')?.identities).toEqual([
      { type: 'username', name: 'R0syRose', is_primary: 1, is_confirmed: 1, connection_id: null },
      { type: 'phone', name: '+61412345678', is_primary: 1, is_confirmed: 1, connection_id: null },
    ]);
    expect(byId.get('n-11')?.password).toEqual({
      algorithm: 'sha256',
      hash: expect.any(String),
      params: expect.stringContaining('"salt":"abcd"'),
    });
  });

  it('records one audit event per batch, by the import', async () => {
    const events = await test.roster.database.db.selectFrom('audit_events').selectAll().where('type', '=', 'users.imported').execute();
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.actor_type === 'cli' && e.source === 'cli' && e.actor_id === null)).toBe(true);
    // n-1, n-5, n-8 (nothing is stored before this import), n-10 and n-11.
    expect(events.reduce((sum, e) => sum + (JSON.parse(e.data) as { users: number }).users, 0)).toBe(5);
  });
});
