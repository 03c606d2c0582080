import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createM2mApp, runRoster, runRosterJson, storeArgs, storeEnv } from '../support/cli.js';
import { ENGINE, freshDatabase, type TestDatabase } from '../support/roster.js';

describe(`roster apps delete (${ENGINE})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.drop());

  const run = (args: string[]) => runRoster(['apps', ...args, ...storeArgs(database)], { env: storeEnv(database) });

  it('deletes the application it names and no other', async () => {
    const gone = await createM2mApp(database, 'gone');
    const kept = await createM2mApp(database, 'kept');
    expect(await runRosterJson(['apps', 'delete', gone.client_id, '--json', ...storeArgs(database)], { env: storeEnv(database) })).toEqual({
      client_id: gone.client_id,
      deleted: true,
    });
    const listed = await runRosterJson<{ client_id: string }[]>(['apps', 'list', '--json', ...storeArgs(database)], {
      env: storeEnv(database),
    });
    expect(listed.map((app) => app.client_id)).toEqual([kept.client_id]);
    const text = await run(['delete', kept.client_id]);
    expect(text).toMatchObject({ code: 0, stdout: `Deleted application ${kept.client_id}\n` });
  });

  it('says so, with exit code 1, when no application has that client id', async () => {
    const result = await run(['delete', 'no-such-client']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No application has the client id no-such-client');
  });
});
