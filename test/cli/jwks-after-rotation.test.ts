import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, runRosterJson, serveDatabase, stopAllServers, storeArgs, storeEnv, type ServeProcess } from '../support/cli.js';
import { ENGINE, freePort, freshDatabase, type TestDatabase } from '../support/roster.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const kids = async (server: ServeProcess) =>
  ((await getJson(`${server.url}/.well-known/jwks.json`)).body.keys as { kid: string }[]).map((k) => k.kid);

describe(`the JWKS of every server after a rotation (${ENGINE})`, () => {
  let database: TestDatabase;
  let servers: ServeProcess[];
  beforeAll(async () => {
    database = await freshDatabase();
    servers = [await serveDatabase(database, await freePort()), await serveDatabase(database, await freePort())];
  });
  afterAll(async () => {
    await stopAllServers();
    await database.drop();
  });

  it('a key rotated by another process is in the very next JWKS answer of each idle server once 5 s have passed', async () => {
    for (const server of servers) expect(await kids(server)).toHaveLength(1);
    // Both servers have just loaded their keys; left idle, their copies go stale without anyone asking.
    await sleep(5_200);
    const rotated = await runRosterJson<{ kid: string; state: string }[]>(['keys', 'rotate', '--json', ...storeArgs(database)], {
      env: storeEnv(database),
    });
    const next = rotated.find((k) => k.state === 'next')!.kid;
    // One request each, no polling: a server answering from its stale copy would fail here.
    for (const server of servers) expect(await kids(server)).toContain(next);
  });
});
