import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneExpired } from '../../src/services/housekeeping.js';
import {
  IDENTIFIER_MAX_FAILURES,
  LOCK_MINUTES,
  MAX_PASSWORD_FAILURES,
  signInWithPassword,
  type SignInResult,
} from '../../src/services/sign-in.js';
import { findUser } from '../../src/store/users.js';
import { makeUser } from '../support/pages.js';
import { ENGINE, startRoster, type TestRoster } from '../support/roster.js';

const PASSWORD = 'correct horse battery';
const HERE = '198.51.100.7';
const ELSEWHERE = '203.0.113.9';

describe(`password sign-in lockout (${ENGINE})`, () => {
  let test: TestRoster;
  beforeAll(async () => {
    test = await startRoster();
  });
  afterAll(() => test.close());

  const attempt = (identifier: string, password: string, clientIp = HERE): Promise<SignInResult> =>
    signInWithPassword(test.roster, { identifier, password, clientIp });
  const kinds = (results: SignInResult[]) => results.map((r) => r.kind);
  const inTurn = async (n: number, make: (i: number) => Promise<SignInResult>) => {
    const results: SignInResult[] = [];
    for (let i = 0; i < n; i++) results.push(await make(i));
    return results;
  };

  it('an unknown identifier is counted and locked exactly like a known one', async () => {
    await makeUser(test.roster, { email: 'known@example.com', password: PASSWORD });
    const known = await inTurn(MAX_PASSWORD_FAILURES + 2, (i) => attempt('known@example.com', `wrong ${i}`));
    const unknown = await inTurn(MAX_PASSWORD_FAILURES + 2, (i) => attempt('unknown@example.com', `wrong ${i}`));
    const expected = [...Array<string>(MAX_PASSWORD_FAILURES).fill('incorrect'), 'locked', 'locked'];
    expect(kinds(known)).toEqual(expected);
    expect(kinds(unknown)).toEqual(expected);
    const until = (r: SignInResult) => (r.kind === 'locked' ? r.until.getTime() - Date.now() : 0);
    expect(until(unknown.at(-1)!)).toBeGreaterThan((LOCK_MINUTES - 1) * 60_000);
    expect(until(known.at(-1)!)).toBeGreaterThan((LOCK_MINUTES - 1) * 60_000);
  });

  it('a lock from one address does not lock the person out from another', async () => {
    const user = await makeUser(test.roster, { username: 'elsewhere', password: PASSWORD });
    await inTurn(MAX_PASSWORD_FAILURES, (i) => attempt('elsewhere', `wrong ${i}`, HERE));
    expect((await attempt('elsewhere', PASSWORD, HERE)).kind).toBe('locked');
    expect((await attempt('elsewhere', PASSWORD, ELSEWHERE)).kind).toBe('signed-in');
    expect((await findUser(test.roster.database.db, user.id))?.failed_sign_ins).toBe(MAX_PASSWORD_FAILURES);
  });

  it('guesses spread over many addresses lock the identifier everywhere at the slower limit', async () => {
    await makeUser(test.roster, { username: 'spread', password: PASSWORD });
    const address = (i: number) => `192.0.2.${Math.floor(i / (MAX_PASSWORD_FAILURES - 1))}`;
    const results = await inTurn(IDENTIFIER_MAX_FAILURES, (i) => attempt('spread', `wrong ${i}`, address(i)));
    expect(new Set(kinds(results))).toEqual(new Set(['incorrect']));
    expect((await attempt('spread', PASSWORD, '192.0.2.250')).kind).toBe('locked');
  });

  it('60 parallel sign-ins with the right password all succeed (nothing is held back for them)', async () => {
    await makeUser(test.roster, { email: 'busy@example.com', password: PASSWORD });
    const results = await Promise.all(Array.from({ length: 60 }, () => attempt('busy@example.com', PASSWORD)));
    expect(kinds(results)).toEqual(Array<string>(60).fill('signed-in'));
  });

  it('concurrent wrong guesses get no more answers than sequential ones, and a right one among them is refused alike', async () => {
    await makeUser(test.roster, { username: 'stampede2', password: PASSWORD });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => attempt('stampede2', `wrong ${i}`)));
    expect(kinds(results).filter((k) => k === 'incorrect')).toHaveLength(MAX_PASSWORD_FAILURES);
    expect(kinds(results).filter((k) => k === 'locked')).toHaveLength(8 - MAX_PASSWORD_FAILURES);
    expect((await attempt('stampede2', PASSWORD)).kind).toBe('locked');
  });

  it('housekeeping drops counts nobody added to for a day, and keeps the others', async () => {
    const db = test.roster.database.db;
    const dayAgo = new Date(Date.now() - 24 * 3_600_000 - 60_000).toISOString();
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await db
      .insertInto('sign_in_attempts')
      .values([
        { key: 'stale', failures: 3, locked_until: null, updated_on: dayAgo },
        { key: 'stale-but-locked', failures: 60, locked_until: later, updated_on: dayAgo },
      ])
      .execute();
    await attempt('fresh@example.com', 'wrong');
    const before = (await db.selectFrom('sign_in_attempts').select('key').execute()).length;
    expect((await pruneExpired(test.roster)).sign_in_attempts).toBe(1);
    const keys = (await db.selectFrom('sign_in_attempts').select('key').execute()).map((r) => r.key);
    expect(keys).toHaveLength(before - 1);
    expect(keys).not.toContain('stale');
    expect(keys).toContain('stale-but-locked');
  });
});
