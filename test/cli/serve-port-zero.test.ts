import { describe, expect, it } from 'vitest';
import { getJson, mintClaims, storeArgs, storeEnv, useServe } from '../support/cli.js';
import { ENGINE } from '../support/roster.js';

describe(`roster serve --port 0 (${ENGINE})`, () => {
  const serve = useServe('port zero', (database) => ({
    args: ['--port', '0', ...storeArgs(database)],
    env: storeEnv(database),
    port: 0,
  }));

  it('listens on a port the system chose and says which', () => {
    expect(serve.server.port).toBeGreaterThan(0);
    expect(serve.server.output()).toContain(
      `Roster is serving http://localhost:${serve.server.port} (listening on 127.0.0.1:${serve.server.port})`,
    );
  });

  it('advertises the bound port in the discovery document, never :0', async () => {
    const { status, body } = await getJson(`${serve.server.url}/.well-known/openid-configuration`);
    expect(status).toBe(200);
    const issuer = `http://localhost:${serve.server.port}`;
    expect(body.issuer).toBe(issuer);
    for (const key of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint', 'end_session_endpoint'])
      expect(body[key], key).toMatch(new RegExp(`^${issuer}/`));
    expect(JSON.stringify(body)).not.toContain('localhost:0');
  });

  it('issues tokens whose iss and audience name the bound port', async () => {
    const { claims } = await mintClaims(serve.server.url, serve.app);
    expect(claims.iss).toBe(`http://localhost:${serve.server.port}`);
    expect(claims.aud).toEqual([`http://localhost:${serve.server.port}/api`]);
  });

  it('names the bound port in the OpenAPI document and in its machine-readable start-up log', async () => {
    const { body } = await getJson(`${serve.server.url}/api/v1/openapi.json`);
    expect(body.servers).toEqual([{ url: `http://localhost:${serve.server.port}` }]);
    const line = serve.server
      .output()
      .split('\n')
      .find((text) => text.includes('"msg":"Roster is serving'));
    expect(JSON.parse(line!)).toMatchObject({ issuer: `http://localhost:${serve.server.port}`, address: `127.0.0.1:${serve.server.port}` });
  });
});
