import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mintClaims, servingLine, storeEnv, useServe } from '../support/cli.js';
import { ENGINE } from '../support/roster.js';

describe(`roster serve configured by the environment (${ENGINE})`, () => {
  // HOST=localhost stays on loopback but differs from the default 127.0.0.1, so the log shows which one was used.
  const serve = useServe('env', (database, port) => ({
    args: [],
    env: storeEnv(database, {
      PORT: String(port),
      HOST: 'localhost',
      ROSTER_ISSUER: 'https://env.example.test/',
      ROSTER_DATA_DIR: database.config.dataDir,
    }),
  }));

  it('listens on PORT and HOST', async () => {
    expect((await fetch(`${serve.server.url}/healthz`)).status).toBe(200);
    expect(await servingLine(serve.server)).toContain(` on localhost:${serve.port} `);
  });

  it('signs tokens with ROSTER_ISSUER, without its trailing slash, as iss', async () => {
    const { claims } = await mintClaims(serve.server.url, serve.app);
    expect(claims.iss).toBe('https://env.example.test');
    expect(claims.aud).toEqual(['https://env.example.test/api']);
  });

  it('serves the applications of ROSTER_DATA_DIR (or DATABASE_URL)', async () => {
    const { claims } = await mintClaims(serve.server.url, serve.app);
    expect(claims.azp).toBe(serve.app.client_id);
  });

  it.skipIf(ENGINE === 'postgres')('keeps the embedded database in ROSTER_DATA_DIR', () => {
    expect(existsSync(join(serve.database.config.dataDir, 'roster.db'))).toBe(true);
  });
});
