import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { hashPassword, verifyArgon2 } from '../auth/passwords.js';
import { invalid } from '../domain/errors.js';
import { normaliseEmail, normaliseUsername, type NormalisedIdentifier } from '../domain/identifiers.js';
import { PASSWORD_MAX_LENGTH, passwordLength } from '../domain/password-rules.js';
import * as identities from '../store/identities.js';
import * as passwords from '../store/passwords.js';
import type { Schema, UserPasswordRow } from '../store/schema.js';
import * as users from '../store/users.js';
import { inTransaction, type Roster } from './context.js';
import { verifyUserPassword } from './passwords.js';
import { startSession } from './sessions.js';

export const MAX_PASSWORD_FAILURES = 5;
export const LOCK_MINUTES = 5;

export type SignInResult =
  | { kind: 'signed-in'; userId: string; identityId: string; token: string }
  /** Unknown identifier, no password, or the wrong one: told apart nowhere, not even in timing. */
  | { kind: 'incorrect' }
  | { kind: 'locked'; until: Date }
  /** Said only to someone who proved the password or code. */
  | { kind: 'suspended' };

/** Email when it has an @, username otherwise; field errors name `identifier`. */
export function parsePasswordIdentifier(value: string): NormalisedIdentifier {
  const text = value.trim();
  if (text === '') throw invalid('INVALID_REQUEST', 'Enter your email or username', 'identifier');
  try {
    return text.includes('@') ? normaliseEmail(text) : normaliseUsername(text);
  } catch {
    throw invalid('INVALID_REQUEST', 'Enter a valid email address or username', 'identifier');
  }
}

// A real argon2id hash of a random password: verifying against it costs what verifying a real one costs.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(randomBytes(24).toString('base64url')));

/** Makes the stand-in hash ahead of the first sign-in, so that one costs no more than any other. */
export const prepareSignIn = (): Promise<unknown> => dummy();

/**
 * Password sign-in costs one argon2 verification whatever the outcome. The verification runs outside any
 * transaction (on SQLite a transaction holds the only connection); the attempt is counted before it, in SQL.
 */
export async function signInWithPassword(
  roster: Roster,
  input: { identifier: string; password: string },
  now = new Date(),
): Promise<SignInResult> {
  const identifier = parsePasswordIdentifier(input.identifier);
  if (input.password === '') throw invalid('INVALID_REQUEST', 'Enter your password', 'password');
  if (passwordLength(input.password) > PASSWORD_MAX_LENGTH) return { kind: 'incorrect' };
  const db = roster.database.db;
  const identity = await identities.findIdentityByKey(db, identifier.type, identifier.lookupKey);

  let stored: UserPasswordRow | undefined;
  if (identity) {
    const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString();
    stored = await passwords.reserveAttempt(db, identity.user_id, now.toISOString(), lockUntil, MAX_PASSWORD_FAILURES);
    if (!stored) {
      const existing = await passwords.findPassword(db, identity.user_id);
      if (existing?.locked_until && existing.locked_until > now.toISOString())
        return { kind: 'locked', until: new Date(existing.locked_until) };
    }
  }

  const matches = stored ? await verifyUserPassword(db, stored, input.password) : await verifyDummy(input.password);
  if (!identity) return { kind: 'incorrect' };
  if (!matches) {
    await users.recordFailedSignIn(db, identity.user_id);
    return { kind: 'incorrect' };
  }
  return inTransaction(roster, async (trx) => {
    await passwords.clearFailures(trx, identity.user_id);
    return completeSignIn(trx, identity.user_id, identity.id, { confirmsIdentity: false }, now);
  });
}

/** Always false: it only spends the time a real verification would. */
async function verifyDummy(password: string): Promise<false> {
  await verifyArgon2(await dummy(), password);
  return false;
}

/**
 * The bookkeeping of a proved sign-in and the session it starts, in the caller's transaction. A suspended user
 * gets no session and no counts.
 */
export async function completeSignIn(
  trx: Transaction<Schema>,
  userId: string,
  identityId: string,
  { confirmsIdentity }: { confirmsIdentity: boolean },
  now = new Date(),
): Promise<SignInResult> {
  const at = now.toISOString();
  if (!(await users.recordSignIn(trx, userId, at)))
    return (await users.findUser(trx, userId)) ? { kind: 'suspended' } : { kind: 'incorrect' };
  await identities.recordLogin(trx, identityId, at, confirmsIdentity);
  const { token } = await startSession(trx, { userId, identityId }, now);
  return { kind: 'signed-in', userId, identityId, token };
}
