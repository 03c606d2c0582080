import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRosterJson, storeArgs, storeEnv } from '../support/cli.js';
import { ENGINE, freshDatabase, type TestDatabase } from '../support/roster.js';

interface Report {
  counts: { lookalike_warnings: number; skipped_existing: number };
  lookalikes: { row: number; username: string; looks_like: string; other_row: number | null }[];
}

describe(`the import report's look-alike usernames (${ENGINE})`, () => {
  let database: TestDatabase;
  let dir: string;
  const write = (name: string, rows: object[]) => {
    const file = join(dir, name);
    writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n'));
    return file;
  };
  const importJson = (file: string, ...flags: string[]) =>
    runRosterJson<Report>(['users', 'import', file, '--format', 'kinde-ndjson', '--json', ...flags, ...storeArgs(database)], {
      env: storeEnv(database),
    });

  beforeAll(async () => {
    database = await freshDatabase();
    dir = mkdtempSync(join(tmpdir(), 'roster-lookalike-once-'));
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts a pair once when the look-alike is both stored and an earlier row of the file', async () => {
    await importJson(write('first.ndjson', [{ id: 'a', username: 'BuilderBob' }]));
    const report = await importJson(
      write('again.ndjson', [
        { id: 'a', username: 'BuilderBob' },
        { id: 'b', username: 'Bui1derBob' },
      ]),
      '--dry-run',
    );
    expect(report.counts.skipped_existing).toBe(1);
    expect(report.lookalikes).toEqual([{ row: 2, username: 'Bui1derBob', looks_like: 'BuilderBob', other_row: null }]);
    expect(report.counts.lookalike_warnings).toBe(1);
  });

  it('still reports each distinct pair: a stored one and another row', async () => {
    const report = await importJson(
      write('two.ndjson', [
        { id: 'c', username: 'Bui1derBob' },
        { id: 'd', username: 'Bui1derB0b' },
      ]),
      '--dry-run',
    );
    expect(report.lookalikes).toEqual([
      { row: 1, username: 'Bui1derBob', looks_like: 'BuilderBob', other_row: null },
      { row: 2, username: 'Bui1derB0b', looks_like: 'BuilderBob', other_row: null },
      { row: 2, username: 'Bui1derB0b', looks_like: 'Bui1derBob', other_row: 1 },
    ]);
    expect(report.counts.lookalike_warnings).toBe(3);
  });
});
