import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createM2mApp, getJson, mintClaims, startServe, stopAllServers, storeArgs, storeEnv, type CreatedApp, type ServeProcess } from '../support/cli.js';
import { ENGINE, freePort, freshDatabase, type TestDatabase } from '../support/roster.js';

describe(`roster serve without an issuer (${ENGINE})`, () => {
  let database: TestDatabase;
  let app: CreatedApp;
  let server: ServeProcess;
  let port: number;

  beforeAll(async () => {
    database = await freshDatabase();
    app = await createM2mApp(database, 'default issuer');
    port = await freePort();
    server = await startServe({ args: ['--port', String(port), ...storeArgs(database)], env: storeEnv(database), port });
  });
  afterAll(async () => {
    await stopAllServers();
    await database?.drop();
  });

  it('binds 127.0.0.1 and uses http://localhost:<port> as iss', async () => {
    const { claims } = await mintClaims(server.url, app);
    expect(claims.iss).toBe(`http://localhost:${port}`);
  });

  it('accepts its own token on the Management API when called as 127.0.0.1', async () => {
    const { token } = await mintClaims(server.url, app);
    const users = await getJson(`${server.url}/api/v1/users`, token);
    expect(users.status).toBe(200);
    expect(users.body).toMatchObject({ code: 'OK', users: [] });
  });
});
