import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';
import { snapshotEveryTable } from '../support/snapshot.js';

/** RFC 6749's endpoints take form bodies only: JSON, with whatever types in it, never reaches a handler. */
describe(`OAuth endpoints refuse bodies that are not forms (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server?.close());

  const post = async (path: string, body: string, contentType: string) => {
    const response = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const JSON_BODIES: [string, Record<string, unknown>][] = [
    ['/oauth2/token', { grant_type: 'client_credentials', client_id: true, client_secret: 'x' }],
    ['/oauth2/token', { grant_type: 'client_credentials', client_id: {}, client_secret: 'x' }],
    ['/oauth2/token', { grant_type: 'client_credentials', client_id: 'a', client_secret: 12345 }],
    ['/oauth2/token', { grant_type: 'client_credentials', client_id: 'a', client_secret: 'b', audience: 5 }],
    ['/oauth2/token', { grant_type: 'authorization_code', client_id: 'a', code: {} }],
    ['/oauth2/token', { grant_type: 'refresh_token', client_id: 'a', refresh_token: 5 }],
    ['/oauth2/introspect', { client_id: 'a', client_secret: 'b', token: 5 }],
    ['/oauth2/revoke', { client_id: 'a', token: 5 }],
  ];

  it.each(JSON_BODIES)('JSON to %s (%j): invalid_request, nothing written', async (path, body) => {
    const before = await snapshotEveryTable(server.roster.database.db);
    const answer = await post(path, JSON.stringify(body), 'application/json');
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: 'invalid_request',
      error_description: 'Send the parameters as application/x-www-form-urlencoded',
    });
    expect(await snapshotEveryTable(server.roster.database.db)).toEqual(before);
  });

  it.each(['text/plain', 'multipart/form-data; boundary=x', 'application/xml'])('a %s body: invalid_request', async (type) => {
    const answer = await post('/oauth2/token', 'grant_type=client_credentials', type);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_request');
  });

  it('a form still works', async () => {
    const answer = await post(
      '/oauth2/token',
      'grant_type=client_credentials&client_id=nobody&client_secret=x',
      'application/x-www-form-urlencoded',
    );
    expect(answer).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it.each(['2016-12-31T23:59:60Z', '2024-02-30T00:00:00Z'])(
    'active_since=%s, a time Date cannot hold: 400 in the envelope',
    async (time) => {
      const answer = await server.api('GET', `/api/v1/users?active_since=${time}`);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ errors: [{ code: 'INVALID_REQUEST', field: 'active_since' }] });
    },
  );

  it('a valid active_since with an offset is accepted', async () => {
    const answer = await server.api('GET', `/api/v1/users?active_since=${encodeURIComponent('2016-12-31T23:59:59+01:00')}`);
    expect(answer.status).toBe(200);
  });
});
