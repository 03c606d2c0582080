import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGEMENT_SCOPES } from '../../src/domain/scopes.js';
import { runRoster, runRosterJson, storeArgs, storeEnv, type CreatedApp } from '../support/cli.js';
import { ENGINE, freshDatabase, type TestDatabase } from '../support/roster.js';

describe(`roster apps create (${ENGINE})`, () => {
  let database: TestDatabase;
  const create = (...args: string[]) => runRoster(['apps', 'create', ...args, ...storeArgs(database)], { env: storeEnv(database) });
  const list = () =>
    runRosterJson<{ client_id: string; name: string }[]>(['apps', 'list', '--json', ...storeArgs(database)], { env: storeEnv(database) });

  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.drop());

  it('prints exactly one JSON object with client_id, an alphanumeric 40–60 character client_secret and every scope', async () => {
    const result = await create('--type', 'm2m', '--name', 'Billing sync', '--json');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const app = JSON.parse(result.stdout) as CreatedApp;
    expect(app).toMatchObject({ name: 'Billing sync', type: 'm2m' });
    expect(app.client_id).toMatch(/^[A-Za-z0-9]+$/);
    expect(app.client_secret).toMatch(/^[A-Za-z0-9]{40,60}$/);
    expect(app.scopes).toEqual([...MANAGEMENT_SCOPES]);
  });

  it('gives each application its own client_id and client_secret', async () => {
    const [a, b] = await Promise.all(
      ['one', 'two'].map(async (name) => JSON.parse((await create('--type', 'm2m', '--name', name, '--json')).stdout) as CreatedApp),
    );
    expect(a!.client_id).not.toBe(b!.client_id);
    expect(a!.client_secret).not.toBe(b!.client_secret);
  });

  it('limits the scopes to those given with --scopes', async () => {
    const result = await create('--type', 'm2m', '--name', 'reader', '--scopes', 'read:users create:users', '--json');
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as CreatedApp).scopes).toEqual(['read:users', 'create:users']);
  });

  it('refuses an unknown scope with a message naming it, exit code non-zero, and creates nothing', async () => {
    const result = await create('--type', 'm2m', '--name', 'flyer', '--scopes', 'read:users fly:users', '--json');
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Unknown scope fly:users');
    expect((await list()).map((app) => app.name)).not.toContain('flyer');
  });

  it('refuses an unknown application type with a message naming it and the known types', async () => {
    const result = await create('--type', 'native', '--name', 'phone app', '--json');
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Unknown application type native.*m2m, web, spa/);
  });

  it('refuses to create an application without --name', async () => {
    const result = await create('--type', 'm2m', '--json');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--name');
  });
});
