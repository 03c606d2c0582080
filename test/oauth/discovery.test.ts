import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

describe(`GET /.well-known/openid-configuration (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('describes this server from its issuer, as OpenID Connect Discovery 1.0 asks', async () => {
    const response = await fetch(`${server.url}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const issuer = server.config.issuer;
    expect(await response.json()).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/oauth2/auth`,
      token_endpoint: `${issuer}/oauth2/token`,
      userinfo_endpoint: `${issuer}/oauth2/v2/user_profile`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      end_session_endpoint: `${issuer}/logout`,
      revocation_endpoint: `${issuer}/oauth2/revoke`,
      introspection_endpoint: `${issuer}/oauth2/introspect`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'profile', 'email', 'offline'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'none'],
      code_challenge_methods_supported: ['S256'],
      claims_supported: expect.arrayContaining([
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'nonce',
        'at_hash',
        'azp',
        'email',
        'email_verified',
        'phone_number',
        'phone_number_verified',
        'preferred_username',
        'updated_at',
      ]),
    });
  });

  it('is what openid-client discovers, with the issuer it checks', async () => {
    const client = await import('openid-client');
    const config = await client.discovery(new URL(server.config.issuer), 'any-client', undefined, undefined, {
      execute: [client.allowInsecureRequests],
    });
    expect(config.serverMetadata().issuer).toBe(server.config.issuer);
    expect(config.serverMetadata().authorization_endpoint).toBe(`${server.config.issuer}/oauth2/auth`);
  });
});

describe(`discovery behind a public https issuer (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ issuer: 'https://auth.example.com' });
  });
  afterAll(() => server.close());

  it('builds every URL from ROSTER_ISSUER, not from the address it listens on', async () => {
    const document = (await (await fetch(`${server.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(document.issuer).toBe('https://auth.example.com');
    for (const [name, value] of Object.entries(document)) {
      if (name.endsWith('_endpoint') || name === 'jwks_uri') expect(String(value).startsWith('https://auth.example.com/'), name).toBe(true);
    }
  });
});
