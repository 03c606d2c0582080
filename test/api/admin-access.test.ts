import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import { MANAGEMENT_SCOPES } from '../../src/domain/scopes.js';
import { addAdmin } from '../../src/services/admins.js';
import { createApplication, deleteApplication, findClient } from '../../src/services/applications.js';
import { CONSOLE_CLIENT_ID } from '../../src/services/console-client.js';
import { managementAudience } from '../../src/services/context.js';
import { consoleToken, signedInAdmin, signedInPerson, tokensFor } from '../support/admins.js';
import { runRoster, storeArgs, storeEnv } from '../support/cli.js';
import { auditOf } from '../support/factories.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';
import { signAsServer, unsignedToken } from '../support/tokens.js';

const ACCESS_REFUSED = [
  { code: 'INVALID_CREDENTIALS', message: 'Invalid credentials used to access API' },
  { code: 'TOKEN_INVALID', message: expect.any(String) },
];

describe(`admins' console tokens on the Management API (${ENGINE})`, () => {
  let server: TestServer;
  let otherSpa: { client_id: string };
  const OTHER_REDIRECT = 'http://localhost:3999/callback';

  beforeAll(async () => {
    server = await startServer();
    otherSpa = await createApplication(server.roster, { type: 'spa', name: 'another app', redirect_uris: [OTHER_REDIRECT] });
  });
  afterAll(() => server.close());

  const get = (token: string, path = '/api/v1/users') => server.api('GET', path, undefined, token);
  const claimsOf = (token: string) => decodeJwt(token) as Record<string, unknown>;

  it('registers the console as a first-party SPA at <issuer>/admin, which apps delete refuses to remove', async () => {
    expect(await findClient(server.roster, CONSOLE_CLIENT_ID)).toMatchObject({
      type: 'spa',
      name: 'Roster console',
      redirect_uris: [`${server.url}/admin/callback`],
      logout_uris: [`${server.url}/admin`],
    });
    await expect(deleteApplication(server.roster, CONSOLE_CLIENT_ID)).rejects.toThrow(/cannot be deleted/);
    expect(await findClient(server.roster, CONSOLE_CLIENT_ID)).toBeDefined();
  });

  it("gives an admin's console token the admin's scopes as permissions, for 10 minutes, and /api/v1 accepts it", async () => {
    const admin = await signedInAdmin(server, 'ada');
    const answer = await tokensFor(server, admin);
    expect(answer.status).toBe(200);
    expect(answer.body.expires_in).toBe(600);
    const claims = claimsOf(answer.body.access_token);
    expect(claims).toMatchObject({ azp: CONSOLE_CLIENT_ID, sub: admin.userId, aud: [managementAudience(server.config)] });
    expect(claims.permissions).toEqual([...MANAGEMENT_SCOPES]);
    expect((claims.exp as number) - (claims.iat as number)).toBe(600);
    const listed = await get(answer.body.access_token);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
  });

  it('names the admin, acting through the console, as the actor of the changes they make', async () => {
    const admin = await signedInAdmin(server, 'ada-actor');
    const created = await server.api('POST', '/api/v1/user', { profile: { given_name: 'Made' } }, await consoleToken(server, admin));
    expect(created.status).toBe(200);
    const [event] = await auditOf(server, created.body.id);
    expect(event).toMatchObject({ type: 'user.created', actor: { type: 'user', id: admin.userId, source: 'admin' } });
    const byApp = await server.api('POST', '/api/v1/user', { profile: { given_name: 'Made' } });
    expect((await auditOf(server, byApp.body.id))[0]!.actor).toMatchObject({ type: 'application', source: 'api' });
  });

  it('keeps permissions empty on the same admin’s tokens for another app, and /api/v1 refuses them', async () => {
    const admin = await signedInAdmin(server, 'ada-elsewhere');
    const answer = await tokensFor(server, admin, { clientId: otherSpa.client_id, redirectUri: OTHER_REDIRECT });
    expect(answer.status).toBe(200);
    expect(claimsOf(answer.body.access_token).permissions).toEqual([]);
    expect(answer.body.expires_in).toBe(server.config.accessTokenSeconds);
    const refused = await get(answer.body.access_token);
    expect(refused.status).toBe(403);
    expect(refused.body.errors).toEqual(ACCESS_REFUSED);
  });

  it('keeps permissions empty on a console token without the Management API audience', async () => {
    const admin = await signedInAdmin(server, 'ada-no-audience');
    const answer = await tokensFor(server, admin, { audience: [] });
    expect(claimsOf(answer.body.access_token).permissions).toEqual([]);
    expect((await get(answer.body.access_token)).body.errors).toEqual(ACCESS_REFUSED);
  });

  it('signs in a person who is not an admin with empty permissions, and /api/v1 refuses them', async () => {
    const person = await signedInPerson(server, 'nina');
    const token = await consoleToken(server, person);
    expect(claimsOf(token).permissions).toEqual([]);
    const refused = await get(token);
    expect(refused.status).toBe(403);
    expect(refused.body.errors).toEqual(ACCESS_REFUSED);
  });

  it('checks each route’s scope against a partial admin: reads pass, a write is INSUFFICIENT_SCOPE', async () => {
    const reader = await signedInAdmin(server, 'rita', 'read:users read:user_identities');
    const token = await consoleToken(server, reader);
    expect(claimsOf(token).permissions).toEqual(['read:users', 'read:user_identities']);
    expect((await get(token)).status).toBe(200);
    const write = await server.api('POST', '/api/v1/user', { profile: { given_name: 'No' } }, token);
    expect(write.status).toBe(403);
    expect(write.body.errors).toEqual([{ code: 'INSUFFICIENT_SCOPE', message: 'This request needs the scope create:users' }]);
  });

  it('uses the scopes an admin still has, not the ones the token was issued with', async () => {
    const admin = await signedInAdmin(server, 'narrowed');
    const token = await consoleToken(server, admin);
    await signedInAdmin(server, 'unused'); // another admin, so the narrowing is about this one alone
    await addAdmin(server.roster, admin.email, 'read:users', CLI_ACTOR);
    expect((await get(token)).status).toBe(200);
    const write = await server.api('POST', '/api/v1/user', { profile: { given_name: 'No' } }, token);
    expect(write.body.errors?.[0]?.code).toBe('INSUFFICIENT_SCOPE');
  });

  it.each([
    [
      'removed',
      async (s: TestServer, a: { email: string }) => {
        const database = { config: s.config, drop: async () => {} };
        const removed = await runRoster(['admins', 'remove', a.email, ...storeArgs(database)], { env: storeEnv(database) });
        expect(removed.code, removed.stderr).toBe(0);
      },
    ],
    [
      'suspended',
      async (s: TestServer, a: { userId: string }) => {
        expect((await s.api('PATCH', `/api/v1/user?id=${a.userId}`, { is_suspended: true })).status).toBe(200);
      },
    ],
  ])('cuts off a %s admin within 10 seconds while their token is live', async (_label, cutOff) => {
    const admin = await signedInAdmin(server, 'leaving');
    const token = await consoleToken(server, admin);
    expect((await get(token)).status).toBe(200);
    // The CLI (another process) or a user update makes the change: the server's cache learns it only from the database.
    await cutOff(server, admin);
    const startedAt = Date.now();
    let last = await get(token);
    while (last.status === 200 && Date.now() - startedAt < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      last = await get(token);
    }
    expect(last.status).toBe(403);
    expect(last.body.errors).toEqual(ACCESS_REFUSED);
    expect(Date.now() - startedAt).toBeLessThan(10_000);
  });

  describe('forged copies, signed with the server’s own key', () => {
    const forged = async (overrides: Record<string, unknown>) => {
      const admin = await signedInAdmin(server, 'forged');
      const genuine = claimsOf(await consoleToken(server, admin));
      return { admin, claims: { ...genuine, ...overrides } };
    };

    it("refuses another app's token re-signed with permissions added", async () => {
      const { claims } = await forged({ azp: otherSpa.client_id });
      const refused = await get(await signAsServer(server.roster, claims));
      expect(refused.body.errors).toEqual(ACCESS_REFUSED);
    });

    it('refuses a console token re-signed for a person who is not an admin', async () => {
      const person = await signedInPerson(server, 'pretender');
      const { claims } = await forged({ sub: person.userId });
      const refused = await get(await signAsServer(server.roster, claims));
      expect(refused.body.errors).toEqual(ACCESS_REFUSED);
    });

    it('grants a console token re-signed as an application only its scp, which holds no management scope', async () => {
      const { claims } = await forged({ gty: ['client_credentials'] });
      const refused = await get(await signAsServer(server.roster, claims));
      expect(refused.status).toBe(403);
      expect(refused.body.errors[0].code).toBe('INSUFFICIENT_SCOPE');
    });

    it('refuses a console token whose permissions are unsigned (alg:none)', async () => {
      const { claims } = await forged({});
      const refused = await get(unsignedToken(server.roster, claims));
      expect(refused.body.errors).toEqual(ACCESS_REFUSED);
    });

    it('refuses an ID token of the console in place of its access token', async () => {
      const admin = await signedInAdmin(server, 'id-token');
      const answer = await tokensFor(server, admin);
      expect((await get(answer.body.id_token)).status).toBe(403);
    });
  });
});
