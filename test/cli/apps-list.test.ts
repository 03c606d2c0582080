import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createM2mApp, runRoster, runRosterJson, storeArgs, storeEnv } from '../support/cli.js';
import { ENGINE, freshDatabase, type TestDatabase } from '../support/roster.js';

describe(`roster apps list (${ENGINE})`, () => {
  let database: TestDatabase;
  const listJson = () =>
    runRosterJson<Record<string, unknown>[]>(['apps', 'list', '--json', ...storeArgs(database)], { env: storeEnv(database) });

  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.drop());

  it('prints an empty JSON array when there are no applications', async () => {
    expect(await listJson()).toEqual([]);
  });

  it('prints every application with id, name, type and scopes, and never a secret', async () => {
    const first = await createM2mApp(database, 'first');
    const second = await createM2mApp(database, 'second', 'read:users');
    const listed = await listJson();
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ client_id: first.client_id, name: 'first', type: 'm2m', scopes: first.scopes }),
        expect.objectContaining({ client_id: second.client_id, name: 'second', type: 'm2m', scopes: ['read:users'] }),
      ]),
    );
    const text = JSON.stringify(listed);
    expect(text).not.toContain(first.client_secret);
    expect(text).not.toMatch(/secret/);
  });

  it('prints a header and one line per application without --json', async () => {
    const result = await runRoster(['apps', 'list', ...storeArgs(database)], { env: storeEnv(database) });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').slice(1);
    expect(lines).toHaveLength(2);
    expect(lines.some((line) => line.includes('first') && line.includes('m2m'))).toBe(true);
  });
});
