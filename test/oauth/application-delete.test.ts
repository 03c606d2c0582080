import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication, deleteApplication } from '../../src/services/applications.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';
import {
  codeFor,
  expectOAuthError,
  expectTokens,
  postForm,
  redeemCode,
  refreshWith,
  REDIRECT_URI,
  signedInUser,
  type Client,
} from './token-support.js';

describe(`deleting an application (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const rowsOf = async (clientId: string) => {
    const db = server.roster.database.db;
    const count = async (table: 'authorization_codes' | 'refresh_tokens') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('client_id', '=', clientId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { codes: await count('authorization_codes'), refreshTokens: await count('refresh_tokens') };
  };

  it('stops its codes, refresh tokens and client credentials at once, and leaves its users and other apps alone', async () => {
    const app = (await createApplication(server.roster, { type: 'web', name: 'to delete', redirect_uris: [REDIRECT_URI] })) as Client & {
      client_secret: string;
    };
    const other = (await createApplication(server.roster, { type: 'web', name: 'kept', redirect_uris: [REDIRECT_URI] })) as Client & {
      client_secret: string;
    };
    const user = await signedInUser(server.roster);
    const scope = 'openid offline';
    const issued = await redeemCode(
      server,
      app,
      await codeFor(server.roster, { clientId: app.client_id, userId: user.userId, sessionId: user.session.id, scope }),
    );
    expectTokens(issued);
    const waitingCode = await codeFor(server.roster, { clientId: app.client_id, userId: user.userId, sessionId: user.session.id, scope });
    const kept = await redeemCode(
      server,
      other,
      await codeFor(server.roster, { clientId: other.client_id, userId: user.userId, sessionId: user.session.id, scope }),
    );
    expect(await rowsOf(app.client_id)).toEqual({ codes: 2, refreshTokens: 1 });

    expect(await deleteApplication(server.roster, app.client_id)).toBe(true);
    expect(await rowsOf(app.client_id)).toEqual({ codes: 0, refreshTokens: 0 });
    expectOAuthError(await refreshWith(server, app, issued.body.refresh_token), 401, 'invalid_client');
    expectOAuthError(await redeemCode(server, app, waitingCode), 401, 'invalid_client');
    expectOAuthError(
      await postForm(server, '/oauth2/token', {
        grant_type: 'client_credentials',
        client_id: app.client_id,
        client_secret: app.client_secret,
      }),
      401,
      'invalid_client',
    );

    expectTokens(await refreshWith(server, other, kept.body.refresh_token));
    expect(await server.roster.database.db.selectFrom('users').select('id').where('id', '=', user.userId).executeTakeFirst()).toBeDefined();
    expect(await deleteApplication(server.roster, app.client_id), 'deleting it again').toBe(false);
  });
});
