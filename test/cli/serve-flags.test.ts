import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createM2mApp,
  mintClaims,
  servingLine,
  startServe,
  stopAllServers,
  storeEnv,
  type CreatedApp,
  type ServeProcess,
} from '../support/cli.js';
import { ENGINE, freePort, freshDatabase, type TestDatabase } from '../support/roster.js';

describe(`roster serve flags (${ENGINE})`, () => {
  let database: TestDatabase;
  let decoy: TestDatabase;
  let app: CreatedApp;
  let server: ServeProcess;
  let port: number;

  beforeAll(async () => {
    [database, decoy] = await Promise.all([freshDatabase(), freshDatabase()]);
    app = await createM2mApp(database, 'flags');
    port = await freePort();
    // Every setting is also in the environment, pointing elsewhere: the flags must win.
    const env = storeEnv(database, {
      PORT: String(await freePort()),
      HOST: 'localhost',
      ROSTER_ISSUER: 'https://env.example.test',
      ROSTER_DATA_DIR: decoy.config.dataDir,
    });
    const args = ['--port', String(port), '--host', '127.0.0.1', '--issuer', 'https://id.example.test', '--data', database.config.dataDir];
    server = await startServe({ args, env, port });
  });
  afterAll(async () => {
    await stopAllServers();
    await Promise.all([database?.drop(), decoy?.drop()]);
  });

  it('listens on --port and --host, over the PORT and HOST environment variables', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await servingLine(server)).toContain(` on 127.0.0.1:${port} `);
  });

  it('signs tokens with --issuer as iss and <issuer>/api as audience, over ROSTER_ISSUER', async () => {
    const { claims } = await mintClaims(server.url, app);
    expect(claims.iss).toBe('https://id.example.test');
    expect(claims.aud).toEqual(['https://id.example.test/api']);
    expect(claims.azp).toBe(app.client_id);
  });

  it('serves the applications of the --data folder (or DATABASE_URL), not those of ROSTER_DATA_DIR', async () => {
    const { claims } = await mintClaims(server.url, app);
    expect(claims.scp).toEqual(app.scopes);
  });

  it.skipIf(ENGINE === 'postgres')('keeps the embedded database in the --data folder and leaves ROSTER_DATA_DIR untouched', () => {
    expect(existsSync(join(database.config.dataDir, 'roster.db'))).toBe(true);
    expect(existsSync(join(decoy.config.dataDir, 'roster.db'))).toBe(false);
  });
});
