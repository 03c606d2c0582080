import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createM2mApp,
  getJson,
  requestToken,
  runRoster,
  runRosterJson,
  serveDatabase,
  stopAllServers,
  storeArgs,
  storeEnv,
} from '../support/cli.js';
import { ENGINE, freePort, freshDatabase, type TestDatabase } from '../support/roster.js';

interface KeyView {
  kid: string;
  state: string;
  created_on: string;
  signs_from: string;
  retired_on: string | null;
}

describe(`roster keys list / rotate (${ENGINE})`, () => {
  let database: TestDatabase;
  const keys = (args: string[]) =>
    runRosterJson<KeyView[]>(['keys', ...args, '--json', ...storeArgs(database)], { env: storeEnv(database) });
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => {
    await stopAllServers();
    await database?.drop();
  });

  it('lists the first key as signing; rotate adds a key that is published but signs only after the delay', async () => {
    const [first, ...none] = await keys(['list']);
    expect(none).toEqual([]);
    expect(first).toMatchObject({ state: 'signing', retired_on: null });

    const before = Date.now();
    const rotated = await keys(['rotate', '--publish-delay', '300']);
    expect(rotated.map((k) => k.state)).toEqual(['signing', 'next']);
    const [old, next] = rotated as [KeyView, KeyView];
    expect(old.kid).toBe(first!.kid);
    expect(next.kid).toMatch(/^[0-9a-f]{32}$/);
    expect(Date.parse(next.signs_from) - before).toBeGreaterThanOrEqual(299_000);
    // The old key stays published until the longest-lived token it can sign (24 h access tokens by default) expires.
    expect(Date.parse(old.retired_on!) - Date.parse(next.signs_from)).toBe(86_400_000);
    expect(await keys(['list'])).toEqual(rotated);

    const port = await freePort();
    const server = await serveDatabase(database, port);
    const jwks = await getJson(`${server.url}/.well-known/jwks.json`);
    expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toEqual([old.kid, next.kid]);
    const app = await createM2mApp(database, 'rotation');
    const token = await requestToken(server.url, app);
    expect(token.status).toBe(200);
    expect(decodeProtectedHeader(token.body.access_token).kid).toBe(old.kid);
    await server.stop();
  });

  it('prints a readable table without --json and refuses a malformed delay', async () => {
    const table = await runRoster(['keys', 'list', ...storeArgs(database)], { env: storeEnv(database) });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^[0-9a-f]{32} {2}signing +signs from \S+ {2}retires \S+$/m);
    expect(table.stdout).toMatch(/^[0-9a-f]{32} {2}next/m);
    const bad = await runRoster(['keys', 'rotate', '--publish-delay', 'soon', ...storeArgs(database)], { env: storeEnv(database) });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--publish-delay must be a whole number/);
    expect(await keys(['list'])).toHaveLength(2);
  });
});
