import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRoster, runRosterJson, storeArgs, storeEnv } from '../support/cli.js';
import { ENGINE, freshDatabase, type TestDatabase } from '../support/roster.js';

interface Line {
  external_id: string;
  identities: { type: string; identity: string; is_primary: boolean }[];
  password?: { hashing_algorithm: string; hashed_password: string; hashing_config: unknown };
}

describe(`re-importing an export (${ENGINE})`, () => {
  let first: TestDatabase;
  let second: TestDatabase;
  let dir: string;
  const roster = (database: TestDatabase, args: string[]) => runRoster([...args, ...storeArgs(database)], { env: storeEnv(database) });
  const exported = async (database: TestDatabase): Promise<Line[]> => {
    const result = await roster(database, ['users', 'export', '--include-password-hashes']);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Line)
      .sort((a, b) => a.external_id.localeCompare(b.external_id));
  };

  beforeAll(async () => {
    [first, second] = await Promise.all([freshDatabase(), freshDatabase()]);
    dir = mkdtempSync(join(tmpdir(), 'roster-reimport-'));
  });
  afterAll(async () => {
    await Promise.all([first?.drop(), second?.drop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps each hashing_algorithm and primary, and reports no field as dropped that it honoured', async () => {
    const argon2id = await hash('correct horse battery staple', { algorithm: 2, memoryCost: 19_456, timeCost: 2 });
    const rows = [
      { id: 'a-1', email: 'ann@example.com', password: { hashing_algorithm: 'argon2id', hashed_password: argon2id } },
      {
        id: 'w-1',
        email: 'wp@example.com',
        password: { hashing_algorithm: 'wordpress', hashed_password: '$P$BqYzhZkEYiIAEXw2qXUMFEPDVP3Wst/' },
      },
      {
        id: 'p-1',
        identities: [
          { type: 'email', identity: 'first@example.com', is_verified: true },
          { type: 'email', identity: 'chosen@example.com', is_verified: true, is_primary: true },
        ],
      },
    ];
    const source = join(dir, 'source.ndjson');
    writeFileSync(source, rows.map((row) => JSON.stringify(row)).join('\n'));
    const imported = await runRosterJson<{ ignored_fields: string[] }>(['users', 'import', source, '--json', ...storeArgs(first)], {
      env: storeEnv(first),
    });
    expect(imported.ignored_fields).toEqual([]);

    const once = await exported(first);
    expect(
      once
        .find((u) => u.external_id === 'p-1')!
        .identities.filter((i) => i.is_primary)
        .map((i) => i.identity),
    ).toEqual(['chosen@example.com']);
    expect(once.map((u) => u.password?.hashing_algorithm)).toEqual(['argon2id', undefined, 'wordpress']);

    const file = join(dir, 'export.ndjson');
    writeFileSync(file, once.map((line) => JSON.stringify(line)).join('\n'));
    const report = await runRosterJson<{ ignored_fields: string[]; counts: { imported: number } }>(
      ['users', 'import', file, '--json', ...storeArgs(second)],
      { env: storeEnv(second) },
    );
    expect(report.counts.imported).toBe(3);
    // Roster's own user id and creation time are all an import does not keep; is_primary and hashing_config are used.
    expect(report.ignored_fields).toEqual(['created_on', 'id']);

    const twice = await exported(second);
    expect(twice.map((u) => u.password)).toEqual(once.map((u) => u.password));
    // Each user's primaries come first in an import, so identities compare as sets.
    const sorted = (lines: Line[]) => lines.map((u) => [...u.identities].sort((a, b) => a.identity.localeCompare(b.identity)));
    expect(sorted(twice)).toEqual(sorted(once));
    expect(readFileSync(file, 'utf8')).not.toContain('"origin"');
  });

  it('exits non-zero when rows were refused, saying how many, unless --allow-partial', async () => {
    const file = join(dir, 'partial.ndjson');
    writeFileSync(
      file,
      [
        { id: 'ok-1', email: 'ok@example.com' },
        { id: 'bad-1', email: 'x@' },
        { id: 'dup-1', email: 'OK@example.com' },
      ]
        .map((row) => JSON.stringify(row))
        .join('\n'),
    );
    const refused = await roster(first, ['users', 'import', file, '--format', 'kinde-ndjson']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('imported: 1');
    expect(refused.stderr.trim().split('\n').at(-1)).toBe(
      'roster: 2 rows were refused (1 invalid, 1 duplicated); the other rows were imported: fix them and run again (rows already imported are skipped), or pass --allow-partial to accept this',
    );
    const dry = await roster(second, ['users', 'import', file, '--format', 'kinde-ndjson', '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain('2 rows were refused (1 invalid, 1 duplicated) in the dry run');
    const allowed = await roster(second, ['users', 'import', file, '--format', 'kinde-ndjson', '--allow-partial']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain('invalid: 1');
    const again = await roster(second, ['users', 'import', join(dir, 'export.ndjson')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('skipped, already exist: 3');
  });
});
