import { randomBytes } from 'node:crypto';
import { verifyLegacyHash } from '../auth/legacy-hashes.js';
import { hashPassword, verifyArgon2 } from '../auth/passwords.js';
import { normaliseImportedPassword, type ImportedPassword } from '../domain/imported-password.js';
import type { Executor } from '../store/database.js';
import * as passwords from '../store/passwords.js';
import type { UserPasswordRow } from '../store/schema.js';
import { lockUser, updateUser } from '../store/users.js';
import { audit } from './audit.js';
import { inTransaction, type Actor, type Roster } from './context.js';
import { userNotFound } from './identities.js';

/** Stores a new password as argon2id. The caller has already checked it against the password rules. */
export async function storePassword(trx: Executor, userId: string, password: string): Promise<void> {
  await passwords.savePassword(trx, {
    user_id: userId,
    algorithm: 'argon2id',
    hash: await hashPassword(password),
    params: null,
    updated_on: new Date().toISOString(),
  });
}

// A real argon2id hash of a random password: verifying against it costs what verifying a real one costs.
let standInHash: Promise<string> | undefined;
const standIn = () => (standInHash ??= hashPassword(randomBytes(24).toString('base64url')));

/** Makes the stand-in hash ahead of the first sign-in, so that one costs no more than any other. */
export const prepareStandInHash = (): Promise<unknown> => standIn();

/**
 * Spends one argon2id verification and answers false: the work done for an unknown identifier or a user without a
 * password, and the padding after a mismatched legacy hash, so that none of them is told apart by its speed.
 */
export async function spendVerification(password: string): Promise<false> {
  await verifyArgon2(await standIn(), password);
  return false;
}

/**
 * Whether `password` matches the stored one. An imported hash that matches is replaced by argon2id in the same
 * transaction, so each legacy hash is verified with its own algorithm at most once; a mismatch changes nothing.
 * Either way a legacy check costs at least one argon2id operation (the re-hash, or the stand-in verification): a
 * fast imported hash (MD5, SHA-256) must not answer sooner than a password set here.
 */
export async function verifyUserPassword(trx: Executor, stored: UserPasswordRow, password: string): Promise<boolean> {
  if (stored.algorithm === 'argon2id') return verifyArgon2(stored.hash, password);
  if (!(await verifyLegacyHash(stored.algorithm, stored.hash, stored.params, password))) return spendVerification(password);
  // The password itself has not changed, so it keeps its date; only its encoding does.
  await passwords.savePassword(trx, {
    user_id: stored.user_id,
    algorithm: 'argon2id',
    hash: await hashPassword(password),
    params: null,
    updated_on: stored.updated_on,
  });
  return true;
}

export interface SetImportedPassword extends ImportedPassword {
  /** Kinde's temporary password: the user is asked to choose a new one after signing in with it. */
  is_temporary_password?: boolean;
}

/**
 * Kinde's SetUserPassword: stores a hash made elsewhere, as it is, to be verified with its own algorithm at the
 * next sign-in and re-hashed to argon2id then.
 */
export async function setImportedPassword(roster: Roster, userId: string, input: SetImportedPassword, actor: Actor): Promise<void> {
  const row = normaliseImportedPassword(input);
  await inTransaction(roster, async (trx) => {
    if (!(await lockUser(trx, userId))) throw userNotFound();
    const now = new Date().toISOString();
    await passwords.savePassword(trx, {
      user_id: userId,
      algorithm: row.algorithm,
      hash: row.hash,
      params: row.params && JSON.stringify(row.params),
      updated_on: now,
    });
    if (input.is_temporary_password) await updateUser(trx, userId, { is_password_reset_requested: 1, updated_on: now });
    await audit(
      trx,
      actor,
      'user.password_set',
      { userId },
      { algorithm: row.algorithm, is_temporary_password: input.is_temporary_password === true },
    );
  });
}
