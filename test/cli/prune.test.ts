import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApplication } from '../../src/services/applications.js';
import { openRoster } from '../../src/services/context.js';
import { insertAuthorizationRequest } from '../../src/store/authorization-requests.js';
import { insertOutboxMessage } from '../../src/store/outbox.js';
import { runRoster, runRosterJson, storeArgs, storeEnv } from '../support/cli.js';
import { freshDatabase, type TestDatabase } from '../support/roster.js';

const DAY = 24 * 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
  const roster = await openRoster({ ...loadConfig({}, {}), ...database.config });
  try {
    const app = await createApplication(roster, { type: 'web', name: 'prune', redirect_uris: ['https://app.example.com/callback'] });
    const request = (id: string, expiresOn: string) =>
      insertAuthorizationRequest(roster.database.db, {
        id,
        client_id: app.client_id,
        params: '{}',
        created_on: ago(DAY),
        expires_on: expiresOn,
      });
    await request('req_expired_1', ago(60_000));
    await request('req_expired_2', ago(1));
    await request('req_live', ago(-60_000));
    const message = (id: string, createdOn: string) =>
      insertOutboxMessage(roster.database.db, {
        id,
        channel: 'email',
        recipient: 'a@example.com',
        subject: 'Your sign-in code',
        body: '123456',
        created_on: createdOn,
      });
    await message('message_old', ago(2 * DAY));
    await message('message_new', ago(60_000));
  } finally {
    await roster.close();
  }
});
afterAll(async () => {
  await database?.drop();
});

describe('roster prune', () => {
  it('--json deletes the expired sign-in rows at once and prints the count of each table', async () => {
    const deleted = await runRosterJson(['prune', '--json', ...storeArgs(database)], { env: storeEnv(database) });
    expect(deleted).toEqual({
      authorization_requests: 2,
      authorization_codes: 0,
      refresh_tokens: 0,
      sessions: 0,
      one_time_codes: 0,
      outbox: 1,
      sign_in_attempts: 0,
    });

    const outbox = await runRosterJson<{ id: string }[]>(['outbox', '--json', ...storeArgs(database)], { env: storeEnv(database) });
    expect(outbox.map((m) => m.id)).toEqual(['message_new']);
  });

  it('prints one line per table, and nothing is left to delete the second time', async () => {
    const result = await runRoster(['prune', ...storeArgs(database)], { env: storeEnv(database) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      'authorization_requests  0',
      'authorization_codes     0',
      'refresh_tokens          0',
      'sessions                0',
      'one_time_codes          0',
      'outbox                  0',
      'sign_in_attempts        0',
    ]);
  });
});
