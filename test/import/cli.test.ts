import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRoster, storeArgs, storeEnv } from '../support/cli.js';
import { ENGINE, freshDatabase, type TestDatabase } from '../support/roster.js';
import { fixture } from './support.js';

describe(`roster users import (${ENGINE})`, () => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await freshDatabase();
    dir = mkdtempSync(join(tmpdir(), 'roster-import-cli-'));
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const roster = (args: string[]) => runRoster([...args, ...storeArgs(database)], { env: storeEnv(database) });

  it('prints a readable dry-run summary and writes nothing', async () => {
    const result = await roster(['users', 'import', fixture('report-kinde.csv'), '--dry-run', '--allow-partial']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Dry run (nothing written) of kinde-csv: 11 rows read');
    expect(result.stdout).toContain('would import: 5');
    expect(result.stdout).toContain('row 2, email: The same email as row 1');
    const exported = await roster(['users', 'export']);
    expect(exported.stdout).toBe('');
  });

  it('refuses a file whose format it cannot tell, and names the formats', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'hello\nworld\n');
    const result = await roster(['users', 'import', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Can't tell the file's format; name it: kinde-csv, kinde-ndjson, auth0, firebase");
  });

  it('refuses an unknown --format', async () => {
    const result = await roster(['users', 'import', fixture('report-kinde.csv'), '--format', 'excel']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unknown import format "excel"');
  });

  it('wants all four Firebase hash parameters or none', async () => {
    const result = await roster(['users', 'import', fixture('report-firebase.json'), '--firebase-rounds', '8']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Give all four of --firebase-signer-key');
  });
});
