import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createM2mApp, mintClaims, servingLine, startServe, stopAllServers, storeEnv, type CreatedApp, type ServeProcess } from '../support/cli.js';
import { ENGINE, freePort, freshDatabase, type TestDatabase } from '../support/roster.js';

describe(`roster serve configured by the environment (${ENGINE})`, () => {
  let database: TestDatabase;
  let app: CreatedApp;
  let server: ServeProcess;
  let port: number;

  beforeAll(async () => {
    database = await freshDatabase();
    app = await createM2mApp(database, 'env');
    port = await freePort();
    // HOST=localhost stays on loopback but differs from the default 127.0.0.1, so the log shows which one was used.
    const env = storeEnv(database, { PORT: String(port), HOST: 'localhost', ROSTER_ISSUER: 'https://env.example.test/', ROSTER_DATA_DIR: database.config.dataDir });
    server = await startServe({ args: [], env, port });
  });
  afterAll(async () => {
    await stopAllServers();
    await database?.drop();
  });

  it('listens on PORT and HOST', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await servingLine(server)).toContain(` on localhost:${port} `);
  });

  it('signs tokens with ROSTER_ISSUER, without its trailing slash, as iss', async () => {
    const { claims } = await mintClaims(server.url, app);
    expect(claims.iss).toBe('https://env.example.test');
    expect(claims.aud).toEqual(['https://env.example.test/api']);
  });

  it('serves the applications of ROSTER_DATA_DIR (or DATABASE_URL)', async () => {
    const { claims } = await mintClaims(server.url, app);
    expect(claims.azp).toBe(app.client_id);
  });

  it.skipIf(ENGINE === 'postgres')('keeps the embedded database in ROSTER_DATA_DIR', () => {
    expect(existsSync(join(database.config.dataDir, 'roster.db'))).toBe(true);
  });
});
