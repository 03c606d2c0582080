import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/secrets.js';
import { normaliseEmail } from '../../src/domain/identifiers.js';
import { createApplication } from '../../src/services/applications.js';
import { issueAuthorizationCode } from '../../src/services/authorization-codes.js';
import { openRoster } from '../../src/services/context.js';
import { pruneExpired, startHousekeeping, type HousekeepingLog } from '../../src/services/housekeeping.js';
import type { Messenger } from '../../src/services/messages/index.js';
import { CODE_MINUTES, issueCode, MAX_CODES_PER_WINDOW } from '../../src/services/one-time-codes.js';
import { issueRefreshToken } from '../../src/services/refresh-tokens.js';
import { startSession } from '../../src/services/sessions.js';
import { claimAuthorizationCode, findAuthorizationCode } from '../../src/store/authorization-codes.js';
import { insertAuthorizationRequest } from '../../src/store/authorization-requests.js';
import { findCode } from '../../src/store/one-time-codes.js';
import { insertOutboxMessage, listOutbox } from '../../src/store/outbox.js';
import { findPassword, savePassword } from '../../src/store/passwords.js';
import { claimRefreshToken, findRefreshToken } from '../../src/store/refresh-tokens.js';
import { endSession, findLiveSession } from '../../src/store/sessions.js';
import { findTokenSubject } from '../../src/store/token-subjects.js';
import { ENGINE, startRoster, type TestRoster } from '../support/roster.js';
import { snapshot } from '../support/snapshot.js';
import { seedUser } from '../support/store.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SESSION_LIFETIME = 30 * DAY;
const CODE_WINDOW = CODE_MINUTES * MINUTE;
const NOW = new Date('2030-06-01T12:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

// Codes are only recorded here (deliver: false), never sent.
const noMessenger = {} as Messenger;

let t: TestRoster;
let clientId: string;
let userId: string;
beforeAll(async () => {
  t = await startRoster();
  clientId = (await createApplication(t.roster, { type: 'web', name: 'housekeeping', redirect_uris: ['https://app.example.com/callback'] }))
    .client_id;
  const user = await seedUser(t.roster.database.db, { first_name: 'Kept' }, [{ type: 'email', key: 'kept@example.com', primary: true }]);
  userId = user.id;
  await savePassword(t.roster.database.db, {
    user_id: userId,
    algorithm: 'argon2id',
    hash: 'not-a-real-hash',
    params: null,
    updated_on: NOW.toISOString(),
  });
});
afterAll(async () => {
  await t?.close();
});

const db = () => t.roster.database.db;

async function authorizationRequest(expiresAt: Date): Promise<string> {
  const id = randomBytes(12).toString('base64url');
  await insertAuthorizationRequest(db(), {
    id,
    client_id: clientId,
    params: '{}',
    created_on: at(-HOUR).toISOString(),
    expires_on: expiresAt.toISOString(),
  });
  return id;
}

async function session(createdAt: Date, endedAt?: Date): Promise<{ id: string; tokenHash: string }> {
  const { session, token } = await startSession(db(), { userId, identityId: null }, createdAt);
  if (endedAt) await endSession(db(), session.id, endedAt.toISOString());
  return { id: session.id, tokenHash: hashSecret(token) };
}

/** A code issued at `issuedAt` (it lives 60 seconds), redeemed at once when `used`. Returns its hash. */
async function authorizationCode(sessionId: string, issuedAt: Date, used: boolean): Promise<string> {
  const input = {
    clientId,
    userId,
    sessionId,
    redirectUri: 'https://app.example.com/callback',
    scope: 'openid offline',
    audience: [],
    nonce: null,
    codeChallenge: null,
  };
  const codeHash = hashSecret(await issueAuthorizationCode(db(), input, issuedAt));
  if (used) await claimAuthorizationCode(db(), codeHash, issuedAt.toISOString());
  return codeHash;
}

/** A refresh token issued at `issuedAt` for `lifetimeMs`, used at once when `used`. Returns its hash. */
async function refreshToken(sessionId: string, issuedAt: Date, lifetimeMs: number, used: boolean): Promise<string> {
  const input = {
    chainId: randomUUID(),
    clientId,
    userId,
    sessionId,
    scope: 'openid offline',
    audience: '[]',
    authTime: issuedAt.toISOString(),
  };
  const tokenHash = hashSecret(await issueRefreshToken(db(), input, lifetimeMs / 1000, issuedAt));
  if (used) await claimRefreshToken(db(), tokenHash, clientId, issuedAt.toISOString());
  return tokenHash;
}

const oneTimeCode = (email: string, issuedAt: Date) =>
  issueCode(t.roster, noMessenger, { purpose: 'sign-in', identifier: normaliseEmail(email), deliver: false }, issuedAt);

async function outboxMessage(createdAt: Date): Promise<string> {
  const id = `message_${randomBytes(8).toString('hex')}`;
  await insertOutboxMessage(db(), {
    id,
    channel: 'email',
    recipient: 'kept@example.com',
    subject: 'Your sign-in code',
    body: '123456',
    created_on: createdAt.toISOString(),
  });
  return id;
}

const requestExists = async (id: string) =>
  (await db().selectFrom('authorization_requests').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
const sessionExists = async (id: string) => (await findTokenSubject(db(), userId, id))?.session !== undefined;

const everyProtectedRow = async () => ({
  ...(await snapshot(db())),
  password: await findPassword(db(), userId),
  applications: await db().selectFrom('applications').selectAll().orderBy('id').execute(),
  signing_keys: await db().selectFrom('signing_keys').selectAll().orderBy('kid').execute(),
});

describe(`pruneExpired (${ENGINE})`, () => {
  it('deletes exactly the rows past their grace, and nothing a sign-in, a replay check or the send throttle still needs', async () => {
    const live = await session(at(-HOUR));
    const endedLongAgo = await session(at(-2 * DAY));
    const endedLongAgoToken = await refreshToken(endedLongAgo.id, at(-2 * DAY + MINUTE), SESSION_LIFETIME, false);
    await endSession(db(), endedLongAgo.id, at(-DAY - 1).toISOString());
    const endedRecently = await session(at(-2 * DAY));
    const endedRecentlyToken = await refreshToken(endedRecently.id, at(-2 * DAY + MINUTE), SESSION_LIFETIME, false);
    await endSession(db(), endedRecently.id, at(-DAY + MINUTE).toISOString());
    const expiredLongAgo = await session(at(-SESSION_LIFETIME - DAY - 1));
    const expiredLongAgoToken = await refreshToken(expiredLongAgo.id, at(-2 * DAY), SESSION_LIFETIME, false);
    const expiredRecently = await session(at(-SESSION_LIFETIME - DAY + MINUTE));
    const expiredRecentlyToken = await refreshToken(expiredRecently.id, at(-2 * DAY), SESSION_LIFETIME, false);

    const requests = { expired: await authorizationRequest(at(-1)), live: await authorizationRequest(at(MINUTE)) };
    const codes = {
      usedExpiredOverADayAgo: await authorizationCode(live.id, at(-DAY - MINUTE - 1), true),
      usedExpiredWithinADay: await authorizationCode(live.id, at(-DAY), true),
      unexpired: await authorizationCode(live.id, at(-30_000), false),
    };
    const tokens = {
      usedExpiredOverADayAgo: await refreshToken(live.id, at(-DAY - HOUR - 1), HOUR, true),
      usedExpiredWithinADay: await refreshToken(live.id, at(-DAY - HOUR + MINUTE), HOUR, true),
      live: await refreshToken(live.id, at(-MINUTE), HOUR, false),
    };
    const oneTimeCodes = {
      expiredAWindowAgo: await oneTimeCode('old@example.com', at(-2 * CODE_WINDOW - 1)),
      expiredWithinAWindow: await oneTimeCode('recent@example.com', at(-2 * CODE_WINDOW + 1_000)),
      unexpired: await oneTimeCode('pending@example.com', at(-MINUTE)),
    };
    for (let i = 0; i < MAX_CODES_PER_WINDOW; i++) await oneTimeCode('busy@example.com', at(-CODE_WINDOW + 1_000));
    const messages = { overADayOld: await outboxMessage(at(-DAY - 1)), withinADay: await outboxMessage(at(-DAY + MINUTE)) };
    const protectedBefore = await everyProtectedRow();

    expect(await pruneExpired(t.roster, NOW)).toEqual({
      authorization_requests: 1,
      authorization_codes: 1,
      refresh_tokens: 1,
      sessions: 2,
      one_time_codes: 1,
      outbox: 1,
      sign_in_attempts: 0,
    });

    const remaining = async () => ({
      'request, expired': await requestExists(requests.expired),
      'request, live': await requestExists(requests.live),
      'code, used, expired over a day ago': (await findAuthorizationCode(db(), codes.usedExpiredOverADayAgo)) !== undefined,
      'code, used, expired within a day': (await findAuthorizationCode(db(), codes.usedExpiredWithinADay)) !== undefined,
      'code, unexpired': (await findAuthorizationCode(db(), codes.unexpired)) !== undefined,
      'refresh token, used, expired over a day ago': (await findRefreshToken(db(), tokens.usedExpiredOverADayAgo)) !== undefined,
      'refresh token, used, expired within a day': (await findRefreshToken(db(), tokens.usedExpiredWithinADay)) !== undefined,
      'refresh token, live': (await findRefreshToken(db(), tokens.live)) !== undefined,
      'session, live': await sessionExists(live.id),
      'session, ended over a day ago': await sessionExists(endedLongAgo.id),
      'its refresh token': (await findRefreshToken(db(), endedLongAgoToken)) !== undefined,
      'session, ended within a day': await sessionExists(endedRecently.id),
      'its refresh token, revoked': (await findRefreshToken(db(), endedRecentlyToken)) !== undefined,
      'session, expired over a day ago': await sessionExists(expiredLongAgo.id),
      'its unexpired refresh token': (await findRefreshToken(db(), expiredLongAgoToken)) !== undefined,
      'session, expired within a day': await sessionExists(expiredRecently.id),
      'its refresh token too': (await findRefreshToken(db(), expiredRecentlyToken)) !== undefined,
      'one-time code, expired a send window ago': (await findCode(db(), oneTimeCodes.expiredAWindowAgo)) !== undefined,
      'one-time code, expired within a send window': (await findCode(db(), oneTimeCodes.expiredWithinAWindow)) !== undefined,
      'one-time code, unexpired': (await findCode(db(), oneTimeCodes.unexpired)) !== undefined,
      'outbox message, over a day old': (await listOutbox(db())).some((m) => m.id === messages.overADayOld),
      'outbox message, within a day': (await listOutbox(db())).some((m) => m.id === messages.withinADay),
    });
    expect(await remaining()).toEqual({
      'request, expired': false,
      'request, live': true,
      'code, used, expired over a day ago': false,
      'code, used, expired within a day': true,
      'code, unexpired': true,
      'refresh token, used, expired over a day ago': false,
      'refresh token, used, expired within a day': true,
      'refresh token, live': true,
      'session, live': true,
      'session, ended over a day ago': false,
      'its refresh token': false,
      'session, ended within a day': true,
      'its refresh token, revoked': true,
      'session, expired over a day ago': false,
      'its unexpired refresh token': false,
      'session, expired within a day': true,
      'its refresh token too': true,
      'one-time code, expired a send window ago': false,
      'one-time code, expired within a send window': true,
      'one-time code, unexpired': true,
      'outbox message, over a day old': false,
      'outbox message, within a day': true,
    });

    expect(await findLiveSession(db(), live.tokenHash, NOW.toISOString()), 'the live session still signs its user in').toBeDefined();
    expect((await findRefreshToken(db(), tokens.live))?.used_on, 'the live refresh token is unused').toBeNull();
    await expect(oneTimeCode('busy@example.com', NOW), 'the send throttle still counts the codes of its window').rejects.toMatchObject({
      code: 'TOO_MANY_CODES',
    });
    expect(await everyProtectedRow()).toEqual(protectedBefore);

    expect(await pruneExpired(t.roster, NOW), 'a second pass finds nothing more').toEqual({
      authorization_requests: 0,
      authorization_codes: 0,
      refresh_tokens: 0,
      sessions: 0,
      one_time_codes: 0,
      outbox: 0,
      sign_in_attempts: 0,
    });
  });

  it('deletes in batches of 1,000 and stops at the per-pass cap; the next pass takes the rest', async () => {
    const countRequests = async () =>
      Number(
        (
          await db()
            .selectFrom('authorization_requests')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const seedExpiredRequests = (count: number) =>
      db()
        .transaction()
        .execute(async (trx) => {
          for (let i = 0; i < count; i++) {
            await insertAuthorizationRequest(trx, {
              id: `bulk_${randomUUID()}`,
              client_id: clientId,
              params: '{}',
              created_on: at(-HOUR).toISOString(),
              expires_on: at(-MINUTE).toISOString(),
            });
          }
        });
    await pruneExpired(t.roster, NOW);
    const before = await countRequests();

    await seedExpiredRequests(2_500);
    expect((await pruneExpired(t.roster, NOW, 3)).authorization_requests, 'three batches take 2,500').toBe(2_500);
    expect(await countRequests()).toBe(before);

    await seedExpiredRequests(2_500);
    expect((await pruneExpired(t.roster, NOW, 2)).authorization_requests, 'two batches stop at 2,000').toBe(2_000);
    expect(await countRequests()).toBe(before + 500);
    expect((await pruneExpired(t.roster, NOW)).authorization_requests).toBe(500);
    expect(await countRequests()).toBe(before);
  }, 60_000);
});

describe('startHousekeeping', () => {
  const recordingLog = () => {
    const calls = { info: [] as [object, string][], error: [] as [object, string][] };
    const log: HousekeepingLog = {
      info: (details, text) => calls.info.push([details, text]),
      error: (details, text) => calls.error.push([details, text]),
    };
    return { log, calls };
  };
  const eventually = async (condition: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out waiting');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('prunes on schedule and logs the counts only when something was deleted', async () => {
    const message = await outboxMessage(new Date(Date.now() - 2 * DAY));
    const { log, calls } = recordingLog();
    const stop = startHousekeeping(t.roster, log, { firstAfterMs: 0, everyMs: 10 });
    await eventually(() => calls.info.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stop();

    expect(calls.error).toEqual([]);
    expect(calls.info).toEqual([[{ deleted: expect.objectContaining({ outbox: 1 }) }, 'pruned expired sign-in rows']]);
    expect((await listOutbox(db())).some((m) => m.id === message)).toBe(false);
  });

  it('logs a failed pass instead of throwing, and tries again at the next', async () => {
    const closed = await openRoster(t.config);
    await closed.close();
    const { log, calls } = recordingLog();
    const stop = startHousekeeping(closed, log, { firstAfterMs: 0, everyMs: 10 });
    await eventually(() => calls.error.length >= 2);
    await stop();
    expect(calls.error[0]![1]).toBe('pruning expired sign-in rows failed; will try again');
    expect(calls.info).toEqual([]);
  });
});
