import { validateToken } from '@kinde/jwt-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createM2mApp, getJson, mintClaims, serveDatabase, stopAllServers, type CreatedApp } from '../support/cli.js';
import { ENGINE, freePort, freshDatabase, type TestDatabase } from '../support/roster.js';

describe(`roster serve signing key across restarts (${ENGINE})`, () => {
  let database: TestDatabase;
  let app: CreatedApp;
  let port: number;
  let firstKids: string[];
  let firstToken: { token: string; kid: string | undefined };

  beforeAll(async () => {
    database = await freshDatabase();
    app = await createM2mApp(database, 'keys');
    port = await freePort();
    const first = await serveDatabase(database, port);
    firstKids = (await getJson(`${first.url}/.well-known/jwks.json`)).body.keys.map((key: { kid: string }) => key.kid);
    firstToken = await mintClaims(first.url, app);
    await first.stop();
  });
  afterAll(async () => {
    await stopAllServers();
    await database?.drop();
  });

  it('makes one RS256 signing key at first start and signs with it', () => {
    expect(firstKids).toHaveLength(1);
    expect(firstToken.kid).toBe(firstKids[0]);
  });

  it('publishes the same kid after a restart on the same data', async () => {
    const second = await serveDatabase(database, port);
    const jwks = await getJson(`${second.url}/.well-known/jwks.json`);
    expect(jwks.body.keys.map((key: { kid: string }) => key.kid)).toEqual(firstKids);
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256', e: 'AQAB' });
    await second.stop();
  });

  it('still accepts a token minted before the restart, and Kinde’s jwt-validator validates it', async () => {
    const second = await serveDatabase(database, port);
    expect((await getJson(`${second.url}/api/v1/users`, firstToken.token)).status).toBe(200);
    expect(await validateToken({ token: firstToken.token, domain: second.url })).toEqual({ valid: true, message: 'Token is valid' });
    await second.stop();
  });
});
