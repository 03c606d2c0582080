import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyArgon2 } from '../../src/auth/passwords.js';
import { inTransaction } from '../../src/services/context.js';
import { verifyUserPassword } from '../../src/services/passwords.js';
import { findPassword } from '../../src/store/passwords.js';
import { findUser } from '../../src/store/users.js';
import { createUser, UNKNOWN_USER_ID } from '../support/factories.js';
import { FIREBASE_EXAMPLE } from '../support/password-examples.js';
import { startServer, type TestServer } from '../support/roster.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

// PHP's password_hash.phpt vector.
const BCRYPT = '$2y$07$usesomesillystringfore2uDLvp1Ii2e./U9C8sBjqp8I90dH6hi';
const setPassword = (userId: string, body: unknown, token?: string) => server.api('PUT', `/api/v1/users/${userId}/password`, body, token);
const stored = async (userId: string) => findPassword(server.roster.database.db, userId);

describe('PUT /api/v1/users/{user_id}/password', () => {
  it('stores a bcrypt hash (the default method) and answers Kinde’s success', async () => {
    const userId = await createUser(server, { email: 'bcrypt@example.com' });
    const response = await setPassword(userId, { hashed_password: BCRYPT }, await server.token('update:user_passwords'));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({ code: 'OK', message: 'Success' });
    expect(await stored(userId)).toMatchObject({ algorithm: 'bcrypt', hash: BCRYPT, params: null, failed_attempts: 0 });
  });

  it('stores what a salted method needs, and the next sign-in upgrades it', async () => {
    const userId = await createUser(server, { email: 'sha256@example.com' });
    // FIPS 180-2 B.1: SHA-256("abc"), as salt "ab" before password "c".
    const body = {
      hashing_method: 'sha256',
      hashed_password: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      salt: 'ab',
      salt_position: 'prefix',
    };
    expect((await setPassword(userId, body)).status).toBe(200);
    expect(await stored(userId)).toMatchObject({
      algorithm: 'sha256',
      params: JSON.stringify({ salt: 'ab', salt_format: 'string', salt_position: 'prefix' }),
    });
    const signIn = (password: string) =>
      inTransaction(server.roster, async (trx) => verifyUserPassword(trx, (await findPassword(trx, userId))!, password));
    expect(await signIn('abc')).toBe(false);
    expect(await signIn('c')).toBe(true);
    const after = (await stored(userId))!;
    expect(after.algorithm).toBe('argon2id');
    expect(await verifyArgon2(after.hash, 'c')).toBe(true);
  });

  it('replaces an earlier password and marks a temporary one for change', async () => {
    const userId = await createUser(server, { email: 'temporary@example.com' });
    expect((await setPassword(userId, { hashed_password: BCRYPT })).status).toBe(200);
    const firebase = { ...FIREBASE_EXAMPLE, is_temporary_password: true };
    expect((await setPassword(userId, firebase)).status).toBe(200);
    expect(await stored(userId)).toMatchObject({ algorithm: 'firebase-scrypt' });
    expect((await findUser(server.roster.database.db, userId))?.is_password_reset_requested).toBe(1);
  });

  it('answers 404 USER_NOT_FOUND for an unknown user', async () => {
    const response = await setPassword(UNKNOWN_USER_ID, { hashed_password: BCRYPT });
    expect(response.status).toBe(404);
    expect(response.body.errors[0].code).toBe('USER_NOT_FOUND');
  });

  it.each([
    ['a malformed bcrypt hash', { hashed_password: '$2b$10$short' }, 'hashed_password'],
    ['an unknown method', { hashing_method: 'rot13', hashed_password: 'x' }, 'hashing_method'],
    [
      'pbkdf2 without its variant',
      { hashing_method: 'pbkdf2', hashed_password: '4b007901b765489abead49d926f721d065a429c1', salt: 'salt' },
      'variant',
    ],
    [
      'firebase-scrypt without its signer key',
      {
        hashing_method: 'firebase-scrypt',
        hashed_password: 'lSrfV15cpx95',
        salt: '42xEC+ixf3L2lw==',
        salt_separator: 'Bw==',
        rounds: 8,
        mem_cost: 14,
      },
      'signer_key',
    ],
  ])('answers 400 INVALID_PASSWORD_HASH for %s, naming the field', async (_name, body, field) => {
    const userId = await createUser(server, { email: `bad-${field}-${Math.random().toString(36).slice(2)}@example.com` });
    const response = await setPassword(userId, body);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ code: 'INVALID_PASSWORD_HASH', field })]);
    expect(await stored(userId)).toBeUndefined();
  });

  it('refuses a body without a hash or with unknown fields', async () => {
    const userId = await createUser(server, { email: 'fields@example.com' });
    expect((await setPassword(userId, { hashing_method: 'bcrypt' })).status).toBe(400);
    expect((await setPassword(userId, { hashed_password: BCRYPT, password: 'plain' })).status).toBe(400);
  });
});
