import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

describe(`users and identities over HTTP (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('creates a user, adds an identity, makes it primary and deletes the old one', async () => {
    const created = await server.api('POST', '/api/v1/user', { identities: [{ type: 'email', details: { email: 'Ann@Example.com' } }] });
    expect(created.status).toBe(200);
    const id = created.body.id;
    const added = await server.api('POST', `/api/v1/users/${id}/identities`, { type: 'email', value: 'ann.new@example.com' });
    expect(added.status).toBe(201);
    expect((await server.api('PATCH', `/api/v1/identities/${added.body.identity.id}`, { is_primary: true })).status).toBe(200);
    const user = await server.api('GET', `/api/v1/user?id=${id}`);
    expect(user.body.preferred_email).toBe('ann.new@example.com');
    const list = await server.api('GET', `/api/v1/users/${id}/identities`);
    expect(list.body.identities.map((i: { name: string }) => i.name)).toEqual(['Ann@Example.com', 'ann.new@example.com']);
    expect((await server.api('DELETE', `/api/v1/identities/${list.body.identities[0].id}`)).status).toBe(200);
  });
});
