import { hashPassword, verifyArgon2 } from '../auth/passwords.js';
import type { Executor } from '../store/database.js';
import * as passwords from '../store/passwords.js';
import type { UserPasswordRow } from '../store/schema.js';

/** Stores a new password as argon2id. The caller has already checked it against the password rules. */
export async function storePassword(trx: Executor, userId: string, password: string): Promise<void> {
  await passwords.savePassword(trx, { user_id: userId, algorithm: 'argon2id', hash: await hashPassword(password), params: null, updated_on: new Date().toISOString() });
}

/**
 * Whether `password` matches the stored one. An imported hash that matches is replaced by argon2id in the same
 * transaction, so each legacy hash is verified with its own algorithm at most once.
 */
export async function verifyUserPassword(trx: Executor, stored: UserPasswordRow, password: string): Promise<boolean> {
  if (stored.algorithm === 'argon2id') return verifyArgon2(stored.hash, password);
  // Imported algorithms are verified in auth/legacy-hashes.ts (bulk import).
  return false;
}
