import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import { createApplication, deleteApplication } from '../../src/services/applications.js';
import { rotateSigningKey } from '../../src/services/signing-keys.js';
import { updateUser } from '../../src/services/users.js';
import { auditOf, createUser } from '../support/factories.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

describe(`who did it: the structured actor of each event (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('a Management API call acts as its application, through the api', async () => {
    const id = await createUser(server, { email: 'actor@example.com' });
    const token = await server.token();
    const clientId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { azp: string };
    const events = await auditOf(server, id);
    expect(events.map((e) => e.type)).toEqual(['user.created', 'identity.created']);
    for (const event of events) expect(event.actor).toEqual({ type: 'application', id: clientId.azp, source: 'api' });
  });

  it('the command line acts as itself, and identity events carry the identity in display case', async () => {
    const id = await createUser(server, { email: 'Display.Case@Example.com' });
    await updateUser(server.roster, id, { given_name: 'Ada' }, CLI_ACTOR);
    const events = await auditOf(server, id);
    expect(events.at(-1)).toMatchObject({
      type: 'user.updated',
      actor: { type: 'cli', id: null, source: 'cli' },
      data: { given_name: 'Ada' },
    });
    const created = events.find((e) => e.type === 'identity.created')!;
    expect(created.data.identity).toMatchObject({ type: 'email', value: 'Display.Case@Example.com', is_primary: true, user_id: id });
  });

  it('applications created and deleted, and signing keys rotated, are recorded with no secret', async () => {
    const app = await createApplication(server.roster, { type: 'm2m', name: 'Audited app', scopes: 'read:users' });
    await deleteApplication(server.roster, app.client_id);
    await rotateSigningKey(server.roster, { publishDelaySeconds: 0 });
    const rows = await server.roster.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('user_id', 'is', null)
      .orderBy('id')
      .execute();
    // The test server's own application was created before these three.
    expect(rows.slice(-3).map((r) => [r.type, r.actor_type, r.source])).toEqual([
      ['application.created', 'cli', 'cli'],
      ['application.deleted', 'cli', 'cli'],
      ['signing_key.rotated', 'cli', 'cli'],
    ]);
    expect(JSON.parse(rows.at(-3)!.data)).toEqual({
      application: { id: app.client_id, name: 'Audited app', type: 'm2m', scopes: ['read:users'] },
    });
    expect(JSON.stringify(rows)).not.toContain(app.client_secret);
  });

  it('the database refuses an actor type or source it does not know', async () => {
    const insert = (actorType: string, source: string) =>
      server.roster.database.db
        .insertInto('audit_events')
        .values({
          id: `event_bad_${actorType}_${source}`,
          occurred_on: new Date().toISOString(),
          type: 'user.updated',
          actor_type: actorType as 'cli',
          actor_id: null,
          source: source as 'cli',
          user_id: null,
          identity_id: null,
          data: '{}',
        })
        .execute();
    await expect(insert('robot', 'cli')).rejects.toThrow();
    await expect(insert('cli', 'somewhere')).rejects.toThrow();
  });
});
