import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyArgon2 } from '../../src/auth/passwords.js';
import { normaliseImportedPassword, type ImportedPassword } from '../../src/domain/imported-password.js';
import { inTransaction } from '../../src/services/context.js';
import { verifyUserPassword } from '../../src/services/passwords.js';
import { findPassword } from '../../src/store/passwords.js';
import { FIREBASE_EXAMPLE, FIREBASE_EXAMPLE_PASSWORD } from '../support/password-examples.js';
import { startRoster, type TestRoster } from '../support/roster.js';
import { seedUser } from '../support/store.js';

let t: TestRoster;
beforeAll(async () => {
  t = await startRoster();
});
afterAll(async () => {
  await t?.close();
});

const IMPORTED_ON = '2025-06-01T00:00:00.000Z';

/** A user whose password row holds an imported hash, with two failures already counted. */
async function userWithImportedHash(input: ImportedPassword): Promise<string> {
  const user = await seedUser(t.roster.database.db, {});
  const row = normaliseImportedPassword(input);
  await t.roster.database.db
    .insertInto('user_passwords')
    .values({
      user_id: user.id,
      algorithm: row.algorithm,
      hash: row.hash,
      params: row.params && JSON.stringify(row.params),
      failed_attempts: 2,
      locked_until: null,
      updated_on: IMPORTED_ON,
    })
    .execute();
  return user.id;
}

const storedRow = async (userId: string) => (await findPassword(t.roster.database.db, userId))!;
const signIn = (userId: string, password: string) =>
  inTransaction(t.roster, async (trx) => verifyUserPassword(trx, (await findPassword(trx, userId))!, password));

describe.each<[string, ImportedPassword, string]>([
  // PHP's password_hash.phpt vector.
  [
    'bcrypt',
    { hashing_method: 'bcrypt', hashed_password: '$2y$07$usesomesillystringfore2uDLvp1Ii2e./U9C8sBjqp8I90dH6hi' },
    'rasmuslerdorf',
  ],
  // RFC 6070, in Kinde's pbkdf2 form.
  [
    'pbkdf2',
    {
      hashing_method: 'pbkdf2',
      variant: 'salted-pbkdf2-hmac-sha1',
      iterations: 4096,
      salt: 'salt',
      hashed_password: '4b007901b765489abead49d926f721d065a429c1',
    },
    'password',
  ],
  ['firebase-scrypt', FIREBASE_EXAMPLE, FIREBASE_EXAMPLE_PASSWORD],
  // The argon2 reference README example: argon2i with other costs than Roster's.
  [
    'argon2i',
    { hashing_method: 'argon2', hashed_password: '$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG' },
    'password',
  ],
])('an imported %s password', (_name, imported, password) => {
  it('stays as it was after a wrong password', async () => {
    const userId = await userWithImportedHash(imported);
    const before = await storedRow(userId);
    expect(await signIn(userId, `${password}-wrong`)).toBe(false);
    expect(await storedRow(userId)).toEqual(before);
  });

  it('is verified once with its own algorithm, then re-hashed to argon2id', async () => {
    const userId = await userWithImportedHash(imported);
    expect(await signIn(userId, password)).toBe(true);
    const after = await storedRow(userId);
    expect(after).toMatchObject({ algorithm: 'argon2id', params: null, updated_on: IMPORTED_ON });
    expect(after.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyArgon2(after.hash, password)).toBe(true);
    expect(await signIn(userId, password)).toBe(true);
    expect(await signIn(userId, `${password}-wrong`)).toBe(false);
  });
});

describe('the upgrade', () => {
  it('is part of the caller’s transaction: rolled back with it', async () => {
    const userId = await userWithImportedHash({
      hashing_method: 'bcrypt',
      hashed_password: '$2y$07$usesomesillystringfore2uDLvp1Ii2e./U9C8sBjqp8I90dH6hi',
    });
    const before = await storedRow(userId);
    await expect(
      inTransaction(t.roster, async (trx) => {
        expect(await verifyUserPassword(trx, (await findPassword(trx, userId))!, 'rasmuslerdorf')).toBe(true);
        throw new Error('the sign-in failed later on');
      }),
    ).rejects.toThrow('the sign-in failed later on');
    expect(await storedRow(userId)).toEqual(before);
  });

  it('leaves a malformed imported row alone and answers no', async () => {
    const user = await seedUser(t.roster.database.db, {});
    const broken = {
      user_id: user.id,
      algorithm: 'pbkdf2',
      hash: 'zzz',
      params: '{"digest":',
      failed_attempts: 0,
      locked_until: null,
      updated_on: IMPORTED_ON,
    };
    await t.roster.database.db.insertInto('user_passwords').values(broken).execute();
    expect(await signIn(user.id, 'anything')).toBe(false);
    expect(await storedRow(user.id)).toEqual(broken);
  });
});
