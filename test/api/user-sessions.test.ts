import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CLIENT_ID } from '../../src/services/console-client.js';
import { signedInPerson, tokensFor } from '../support/admins.js';
import { auditOf, expectError, UNKNOWN_USER_ID } from '../support/factories.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

describe(`a user's sessions: GET and DELETE /api/v1/users/{user_id}/sessions (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const refresh = (refreshToken: string) =>
    fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: CONSOLE_CLIENT_ID, refresh_token: refreshToken }),
    });

  it("lists live sessions in Kinde's shape, with the application each signed in to and its name", async () => {
    const person = await signedInPerson(server, 'sam');
    expect((await tokensFor(server, person)).status).toBe(200);
    const listed = await server.api('GET', `/api/v1/users/${person.userId}/sessions`);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ code: 'OK', message: 'Success', has_more: false });
    expect(listed.body.sessions).toEqual([
      {
        session_id: person.sessionId,
        user_id: person.userId,
        client_id: CONSOLE_CLIENT_ID,
        client_name: 'Roster console',
        org_code: null,
        started_on: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        updated_on: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        expires_on: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        connection_id: null,
        last_ip_address: null,
        last_user_agent: null,
        initial_ip_address: null,
        initial_user_agent: null,
      },
    ]);
  });

  it('signs a user out everywhere: the sessions end and their refresh tokens stop working', async () => {
    const person = await signedInPerson(server, 'sue');
    const tokens = await tokensFor(server, person);
    const ended = await server.api('DELETE', `/api/v1/users/${person.userId}/sessions`);
    expect(ended.status).toBe(200);
    expect(ended.body).toEqual({ code: 'OK', message: 'Success' });
    expect((await server.api('GET', `/api/v1/users/${person.userId}/sessions`)).body.sessions).toEqual([]);
    const refused = await refresh(tokens.body.refresh_token);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toBe('invalid_grant');
    expect((await auditOf(server, person.userId)).map((e) => e.type)).toContain('user.sessions_ended');
  });

  it('leaves other users signed in', async () => {
    const [ending, staying] = [await signedInPerson(server, 'end'), await signedInPerson(server, 'stay')];
    const kept = await tokensFor(server, staying);
    await server.api('DELETE', `/api/v1/users/${ending.userId}/sessions`);
    expect((await server.api('GET', `/api/v1/users/${staying.userId}/sessions`)).body.sessions).toHaveLength(1);
    expect((await refresh(kept.body.refresh_token)).status).toBe(200);
  });

  it.each(['GET', 'DELETE'])('%s answers 404 USER_NOT_FOUND for an unknown user', async (method) => {
    expectError(await server.api(method, `/api/v1/users/${UNKNOWN_USER_ID}/sessions`), 404, 'USER_NOT_FOUND');
  });

  it.each(['GET', 'DELETE'])('%s answers 400 for a malformed user id', async (method) => {
    expectError(await server.api(method, '/api/v1/users/kp_nope/sessions'), 400, 'INVALID_REQUEST');
  });
});
