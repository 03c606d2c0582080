import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRoster, storeArgs, storeEnv } from '../support/cli.js';
import { ENGINE, freshDatabase, type TestDatabase } from '../support/roster.js';

describe(`roster migrate (${ENGINE})`, () => {
  let database: TestDatabase;
  const migrate = () => runRoster(['migrate', ...storeArgs(database)], { env: storeEnv(database) });

  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.drop());

  it('applies the migrations to a new database and then reports it up to date', async () => {
    const first = await migrate();
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Applied 001-users-and-identities(, [\w-]+)* to /);

    const second = await migrate();
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/ is up to date\n$/);
    expect(second.stdout).not.toMatch(/Applied/);
  });

  it.skipIf(ENGINE === 'postgres')('puts the embedded database in the --data folder', async () => {
    const file = join(database.config.dataDir, 'roster.db');
    const result = await migrate();
    expect(result.stdout).toBe(`${file} is up to date\n`);
    expect(existsSync(file)).toBe(true);
  });
});
