import { describe, expect, it } from 'vitest';
import { getJson, mintClaims, storeArgs, storeEnv, useServe } from '../support/cli.js';
import { ENGINE } from '../support/roster.js';

describe(`roster serve without an issuer (${ENGINE})`, () => {
  const serve = useServe('default issuer', (database, port) => ({
    args: ['--port', String(port), ...storeArgs(database)],
    env: storeEnv(database),
  }));

  it('binds 127.0.0.1 and uses http://localhost:<port> as iss', async () => {
    const { claims } = await mintClaims(serve.server.url, serve.app);
    expect(claims.iss).toBe(`http://localhost:${serve.port}`);
  });

  it('accepts its own token on the Management API when called as 127.0.0.1', async () => {
    const { token } = await mintClaims(serve.server.url, serve.app);
    const users = await getJson(`${serve.server.url}/api/v1/users`, token);
    expect(users.status).toBe(200);
    expect(users.body).toMatchObject({ code: 'OK', users: [] });
  });
});
