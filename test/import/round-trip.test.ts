import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import { setPrimary } from '../../src/services/identities.js';
import { createUser } from '../../src/services/users.js';
import { runRoster, runRosterJson, storeArgs, storeEnv } from '../support/cli.js';
import { ENGINE, startRoster, type TestDatabase, type TestRoster } from '../support/roster.js';
import { importFixture, storedUsers, type StoredUser } from './support.js';

/** Identities compared as a set: an import adds each user's primaries first, whatever order they were added in. */
const comparable = (users: StoredUser[]) =>
  users.map((u) => ({ ...u, identities: [...u.identities].sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`)) }));

/** The running test database, for the CLI's flags and environment (the test roster drops it when it closes). */
const asStore = (test: TestRoster): TestDatabase => ({
  config: { databaseUrl: test.config.databaseUrl, dataDir: test.config.dataDir },
  drop: async () => {},
});

describe(`roster users export, then import into an empty database (${ENGINE})`, () => {
  let source: TestRoster;
  let dir: string;
  beforeAll(async () => {
    source = await startRoster();
    dir = mkdtempSync(join(tmpdir(), 'roster-export-'));
    // Passwords with and without parameters, a social identity, names and provided ids.
    await importFixture(source.roster, 'report-kinde.ndjson', { dryRun: false });
    await importFixture(source.roster, 'report-auth0.json', { dryRun: false });
    // A primary that is not the first identity of its type, and an unconfirmed primary beside a confirmed other.
    const { identities } = await createUser(
      source.roster,
      {
        provided_id: 'api-1',
        profile: { given_name: 'Zoë', family_name: 'Ó’Brien', picture: 'https://example.com/z.png' },
        identities: [
          { type: 'email', details: { email: 'zoe@example.com' } },
          { type: 'email', is_verified: true, details: { email: 'Zoe.OBrien@Example.com' } },
          { type: 'phone', is_verified: true, details: { phone: '0412 345 999', phone_country_id: 'au' } },
          { type: 'username', details: { username: 'ZoeOB' } },
        ],
      },
      CLI_ACTOR,
    );
    await setPrimary(source.roster, identities[1]!.id, true, CLI_ACTOR);
  });
  afterAll(async () => {
    await source.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['with password hashes', ['--include-password-hashes']],
    ['without password hashes', []],
  ])(
    'gives the same users, identities, primaries and confirmations (%s)',
    async (_label, flags) => {
      const file = join(dir, `users-${flags.length}.ndjson`);
      const exported = await runRoster(['users', 'export', '--out', file, ...flags, ...storeArgs(asStore(source))], {
        env: storeEnv(asStore(source)),
      });
      expect(exported.code, exported.stderr).toBe(0);
      const lines = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const original = await storedUsers(source.roster.database.db);
      expect(lines).toHaveLength(original.length);
      expect(Object.keys(lines[0])).toEqual(
        expect.arrayContaining([
          'id',
          'email',
          'phone',
          'username',
          'first_name',
          'last_name',
          'created_on',
          'identities',
          'external_id',
          'email_verified',
        ]),
      );

      const target = await startRoster();
      try {
        const report = await runRosterJson<{ format: string; counts: Record<string, number> }>(
          ['users', 'import', file, '--json', ...storeArgs(asStore(target))],
          { env: storeEnv(asStore(target)) },
        );
        expect(report.format).toBe('kinde-ndjson');
        expect(report.counts).toMatchObject({
          read: original.length,
          imported: original.length,
          invalid: 0,
          duplicates: 0,
          skipped_existing: 0,
        });
        const copied = await storedUsers(target.roster.database.db);
        const expected = flags.length ? original : original.map((u) => ({ ...u, password: null }));
        expect(comparable(copied)).toEqual(comparable(expected));
      } finally {
        await target.close();
      }
    },
    60_000,
  );

  it('shows the password only when asked', async () => {
    const plain = await runRoster(['users', 'export', ...storeArgs(asStore(source))], { env: storeEnv(asStore(source)) });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).not.toContain('hashed_password');
    const withHashes = await runRoster(['users', 'export', '--include-password-hashes', ...storeArgs(asStore(source))], {
      env: storeEnv(asStore(source)),
    });
    const ann = withHashes.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((u) => u.external_id === 'n-1');
    expect(ann).toMatchObject({
      email: 'Ann@Example.com',
      username: 'RosyRose',
      email_verified: true,
      password: {
        hashing_algorithm: 'bcrypt',
        hashed_password: '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy',
        hashing_config: null,
      },
    });
  });
});
