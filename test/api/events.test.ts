import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import { createApplication } from '../../src/services/applications.js';
import { updateUser } from '../../src/services/users.js';
import { addIdentity, createUser, expectError } from '../support/factories.js';
import { kindeManagement } from '../support/kinde-management.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

interface ListedEvent {
  id: string;
  type: string;
  occurred_on: string;
  actor: { type: string; id: string | null; name: string | null };
  source: string;
  user_id: string | null;
  identity_id: string | null;
  data: Record<string, unknown>;
}

describe(`GET /api/v1/events, /events/{id} and /event_types (${ENGINE})`, () => {
  let server: TestServer;
  let userId: string;
  let otherId: string;
  let identityId: string;
  beforeAll(async () => {
    server = await startServer();
    userId = await createUser(server, { email: 'first@example.com' });
    identityId = await addIdentity(server, userId, { type: 'email', value: 'Second@Example.com' });
    expect((await server.api('PATCH', `/api/v1/identities/${identityId}`, { is_primary: true })).status).toBe(200);
    await updateUser(server.roster, userId, { given_name: 'Grace', family_name: 'Hopper' }, CLI_ACTOR);
    otherId = await createUser(server, { email: 'other@example.com' });
  });
  afterAll(() => server.close());

  const list = async (query: string) => {
    const response = await server.api('GET', `/api/v1/events?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as { code: string; message: string; events: ListedEvent[]; next_token: string | null };
  };

  it('lists one user’s events newest first, with the actor named and the identity in the data', async () => {
    const page = await list(`user_id=${userId}`);
    expect(page).toMatchObject({ code: 'OK', message: 'Success', next_token: null });
    expect(page.events.map((e) => e.type)).toEqual([
      'user.updated',
      'identity.primary_changed',
      'identity.created',
      'identity.created',
      'user.created',
    ]);
    const [updated, primary] = page.events;
    expect(updated).toMatchObject({ actor: { type: 'cli', id: null, name: null }, source: 'cli', user_id: userId, identity_id: null });
    expect(primary!.actor).toEqual({ type: 'application', id: expect.any(String), name: 'test all' });
    expect(primary).toMatchObject({
      source: 'api',
      identity_id: identityId,
      data: { identity: { value: 'Second@Example.com', is_primary: true } },
    });
  });

  it('filters by identity, type prefix, actor, source and time', async () => {
    expect((await list(`identity_id=${identityId}`)).events.map((e) => e.type)).toEqual(['identity.primary_changed', 'identity.created']);
    expect((await list(`user_id=${userId}&type=identity.`)).events).toHaveLength(3);
    expect((await list(`type=user.created`)).events.map((e) => e.user_id)).toEqual([otherId, userId]);
    expect((await list(`user_id=${userId}&source=cli`)).events.map((e) => e.type)).toEqual(['user.updated']);
    const appId = (await list(`user_id=${otherId}`)).events[0]!.actor.id!;
    expect((await list(`actor_id=${appId}&type=user.`)).events.map((e) => e.user_id)).toEqual([otherId, userId]);
    const all = (await list('page_size=500')).events;
    const middle = all.find((e) => e.user_id === otherId && e.type === 'user.created')!.occurred_on;
    expect((await list(`from=${encodeURIComponent(middle)}&type=user.created`)).events.map((e) => e.user_id)).toEqual([otherId]);
    expect((await list(`to=${encodeURIComponent(middle)}&type=user.created`)).events.map((e) => e.user_id)).toEqual([userId]);
    // The wildcard characters of LIKE are taken literally.
    expect((await list('type=user_')).events).toEqual([]);
  });

  it('pages with page_size and next_token, each event once, in order', async () => {
    const seen: string[] = [];
    let token: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page = await list(`page_size=2${token ? `&next_token=${token}` : ''}`);
      seen.push(...page.events.map((e) => e.id));
      token = page.next_token;
      if (!token) break;
    }
    const whole = (await list('page_size=500')).events.map((e) => e.id);
    expect(seen).toEqual(whole);
    expect([...whole].sort().reverse()).toEqual(whole);
  });

  it('refuses bad filters and cursors in Kinde’s envelope', async () => {
    for (const query of [
      'source=robot',
      'type=User%00',
      'from=yesterday',
      'page_size=0',
      'page_size=501',
      'next_token=bm9wZQ',
      'actor_id=a%20b',
      'from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
      'colour=blue',
    ]) {
      const response = await server.api('GET', `/api/v1/events?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.errors[0].code, query).toMatch(/^[A-Z_]+$/);
    }
  });

  it('GET /events/{id} answers in Kinde’s shape; an unknown or malformed id is a 404 or 400', async () => {
    const [latest] = (await list(`user_id=${otherId}&type=user.created`)).events;
    const one = await server.api('GET', `/api/v1/events/${latest!.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({
      code: 'OK',
      message: 'Success',
      event: { type: 'user.created', source: 'api', event_id: latest!.id, timestamp: latest!.occurred_on, data: latest!.data },
    });
    expectError(await server.api('GET', `/api/v1/events/event_${'0'.repeat(32)}`), 404, 'EVENT_NOT_FOUND');
    expect((await server.api('GET', '/api/v1/events/not-an-event')).status).toBe(400);
  });

  it('needs read:events, and read:event_types for the types', async () => {
    const without = await server.token('read:users');
    expectError(await server.api('GET', '/api/v1/events', undefined, without), 403, 'INSUFFICIENT_SCOPE');
    expectError(await server.api('GET', '/api/v1/event_types', undefined, await server.token('read:events')), 403, 'INSUFFICIENT_SCOPE');
  });

  it('@kinde/management-api-js reads event types and an event unchanged', async () => {
    const app = await createApplication(server.roster, { type: 'm2m', name: 'Kinde client', scopes: 'read:events read:event_types' });
    kindeManagement.init({
      kindeDomain: server.url,
      clientId: app.client_id,
      clientSecret: app.client_secret,
      audience: `${server.url}/api`,
    });
    kindeManagement.setToken('');
    const types = await kindeManagement.Webhooks.getEventTypes();
    expect(types.event_types?.map((t) => t.code)).toEqual(
      expect.arrayContaining(['user.created', 'user.authenticated', 'identity.created', 'identity.primary_changed', 'identity.confirmed']),
    );
    const [latest] = (await list(`user_id=${userId}`)).events;
    const event = await kindeManagement.Webhooks.getEvent({ eventId: latest!.id });
    expect(event.event).toMatchObject({ event_id: latest!.id, type: 'user.updated', source: 'cli' });
  });
});
