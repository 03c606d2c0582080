import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runRoster, storeArgs, storeEnv } from '../support/cli.js';
import { ENGINE, freshDatabase, TEST_DATABASE_URL, type TestDatabase } from '../support/roster.js';

describe(`which database a command uses (${ENGINE})`, () => {
  let database: TestDatabase;
  const expected = () =>
    ENGINE === 'sqlite'
      ? `Using ${join(database.config.dataDir, 'roster.db')}`
      : `Using PostgreSQL ${new URL(database.config.databaseUrl!).host.replace(/:5432$/, '')}${new URL(database.config.databaseUrl!).pathname}`;

  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.drop());

  it.each([[['migrate']], [['apps', 'list']], [['keys', 'list']], [['outbox']], [['prune']], [['users', 'export']]])(
    'roster %j says which database on stderr first',
    async (command) => {
      const result = await runRoster([...command, ...storeArgs(database)], { env: storeEnv(database) });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr.split('\n')[0]).toBe(expected());
      expect(result.stdout).not.toContain('Using ');
    },
  );

  it.runIf(ENGINE === 'sqlite')('names the default ./.roster/roster.db relative to the folder it runs in', async () => {
    const { spawn } = await import('node:child_process');
    const { ROSTER_BIN } = await import('../support/cli.js');
    const child = spawn(process.execPath, [ROSTER_BIN, 'apps', 'list'], { cwd: database.config.dataDir, env: cleanEnv() });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toBe('Using ./.roster/roster.db\n');
  });

  it.runIf(ENGINE === 'postgres')('never prints the password of DATABASE_URL', async () => {
    const url = new URL(database.config.databaseUrl!);
    url.username = 'someone';
    url.password = 's3cret-word';
    const result = await runRoster(['apps', 'list'], { env: cleanEnv({ DATABASE_URL: url.toString() }) });
    expect(result.stderr.split('\n')[0]).toBe(`Using PostgreSQL ${url.host.replace(/:5432$/, '')}${url.pathname}`);
    expect(result.stderr + result.stdout).not.toContain('s3cret-word');
  });

  it.runIf(ENGINE === 'postgres')('suggests createdb when the PostgreSQL database does not exist', async () => {
    const url = new URL(TEST_DATABASE_URL!);
    url.pathname = '/roster_no_such_database';
    const result = await runRoster(['apps', 'list'], { env: cleanEnv({ DATABASE_URL: url.toString() }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `roster: The PostgreSQL database roster_no_such_database does not exist on ${url.host.replace(/:5432$/, '')}: create it with createdb roster_no_such_database`,
    );
  });
});

describe('--data that cannot hold a database', () => {
  let folder: TestDatabase;
  beforeAll(async () => {
    folder = await freshDatabase();
    writeFileSync(join(folder.config.dataDir, 'a-file'), 'not a folder');
  });
  afterAll(() => folder.drop());

  it.each([
    ['a file', () => join(folder.config.dataDir, 'a-file'), 'is a file, not a folder'],
    ['a path through a file', () => join(folder.config.dataDir, 'a-file', 'data'), 'cannot be made: a file is in the way'],
    ['a place no folder can be made', () => '/proc/roster-data', 'cannot be made (no such place)'],
  ])('%s gives a one-line error and exits at once', async (_what, path, message) => {
    for (const command of [['apps', 'list'], ['migrate'], ['serve', '--port', '0']]) {
      const result = await runRoster([...command, '--data', path()], { env: cleanEnv(), timeoutMs: 10_000 });
      expect(result.code, command.join(' ')).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines.at(-1)).toBe(`roster: The data folder ${path()} ${message}`);
      expect(lines.length, result.stderr).toBeLessThanOrEqual(2);
      expect(result.stderr).not.toMatch(/EEXIST|ENOTDIR| {4}at /);
    }
  });
});
