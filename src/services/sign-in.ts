import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { selfActor } from '../domain/actor.js';
import { invalid } from '../domain/errors.js';
import { normaliseEmail, normaliseUsername, type NormalisedIdentifier } from '../domain/identifiers.js';
import { PASSWORD_MAX_LENGTH, passwordLength } from '../domain/password-rules.js';
import type { Executor } from '../store/database.js';
import * as identities from '../store/identities.js';
import * as passwords from '../store/passwords.js';
import type { IdentityRow, Schema } from '../store/schema.js';
import * as attempts from '../store/sign-in-attempts.js';
import * as users from '../store/users.js';
import { audit, identityData } from './audit.js';
import { inTransaction, type Roster } from './context.js';
import { prepareStandInHash, spendVerification, verifyUserPassword } from './passwords.js';
import { startSession } from './sessions.js';

/** Failures from one address that lock an identifier for that address, and for how long. */
export const MAX_PASSWORD_FAILURES = 5;
export const LOCK_MINUTES = 5;
/** Failures from all addresses together that lock an identifier everywhere, and for how long. */
export const IDENTIFIER_MAX_FAILURES = 50;
export const IDENTIFIER_LOCK_MINUTES = 15;

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

/** Makes the stand-in hash ahead of the first sign-in, so that one costs no more than any other. */
export const prepareSignIn = (): Promise<unknown> => prepareStandInHash();

const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex');

/**
 * The two counters of an attempt. Per identifier and client address, a stranger elsewhere can lock only themselves
 * out; per identifier alone, a slower limit still stops guessing spread over many addresses. Keyed by the identifier
 * as typed (normalised), whether or not anyone has it, so a lock says nothing about whether an account exists.
 */
function countersOf(identifier: NormalisedIdentifier, clientIp: string, now: Date): attempts.AttemptCounter[] {
  const lockFor = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
  const { type, lookupKey } = identifier;
  return [
    { key: digest('address', type, lookupKey, clientIp), maxFailures: MAX_PASSWORD_FAILURES, lockUntil: lockFor(LOCK_MINUTES) },
    { key: digest('identifier', type, lookupKey), maxFailures: IDENTIFIER_MAX_FAILURES, lockUntil: lockFor(IDENTIFIER_LOCK_MINUTES) },
  ];
}

/**
 * Password sign-in costs one argon2 verification whatever the outcome, and is counted the same whether or not the
 * identifier belongs to anyone. The verification runs outside any transaction (on SQLite a transaction holds the only
 * connection). Failures are counted after it, each in one statement; a success is accepted only while no lock is in
 * force, and a failure past the limit answers "locked" like the attempts refused before verifying — so concurrent
 * guesses get no more chances than sequential ones, and a correct guess among them is not told apart.
 */
export async function signInWithPassword(
  roster: Roster,
  input: { identifier: string; password: string; clientIp: string },
  now = new Date(),
): Promise<SignInResult> {
  const identifier = parsePasswordIdentifier(input.identifier);
  if (input.password === '') throw invalid('INVALID_REQUEST', 'Enter your password', 'password');
  const db = roster.database.db;
  const at = now.toISOString();
  const counters = countersOf(identifier, input.clientIp, now);
  const keys = counters.map((c) => c.key);
  const locked = await attempts.activeLock(db, keys, at);
  if (locked) return { kind: 'locked', until: new Date(locked) };

  const identity = await identities.findIdentityByKey(db, identifier.type, identifier.lookupKey);
  const stored = identity && (await passwords.findPassword(db, identity.user_id));
  const tooLong = passwordLength(input.password) > PASSWORD_MAX_LENGTH;
  const matches = stored && !tooLong ? await verifyUserPassword(db, stored, input.password) : await spendVerification(input.password);
  if (!identity || !matches) return recordFailure(roster, counters, identity, at);
  return inTransaction(roster, async (trx) => {
    const lockedMeanwhile = await attempts.activeLock(trx, keys, at);
    if (lockedMeanwhile) return { kind: 'locked', until: new Date(lockedMeanwhile) };
    await attempts.clearFailures(trx, keys, at);
    return completeSignIn(trx, identity.user_id, identity.id, { confirmsIdentity: false, method: 'password' }, now);
  });
}

async function recordFailure(
  roster: Roster,
  counters: attempts.AttemptCounter[],
  identity: IdentityRow | undefined,
  at: string,
): Promise<SignInResult> {
  return inTransaction(roster, async (trx) => {
    let lockedUntil: string | undefined;
    for (const counter of counters) {
      const counted = await attempts.recordFailure(trx, counter, at);
      if (counted.failures > counter.maxFailures && counted.lockedUntil !== null)
        lockedUntil = lockedUntil && lockedUntil > counted.lockedUntil ? lockedUntil : counted.lockedUntil;
    }
    if (identity !== undefined) {
      await users.recordFailedSignIn(trx, identity.user_id);
      await recordFailedAuthentication(trx, identity, 'password');
    }
    return lockedUntil ? { kind: 'locked', until: new Date(lockedUntil) } : { kind: 'incorrect' };
  });
}

/**
 * The bookkeeping of a proved sign-in and the session it starts, in the caller's transaction. A suspended user
 * gets no session and no counts.
 */
export async function completeSignIn(
  trx: Transaction<Schema>,
  userId: string,
  identityId: string,
  { confirmsIdentity, method }: { confirmsIdentity: boolean; method: SignInMethod },
  now = new Date(),
): Promise<SignInResult> {
  const at = now.toISOString();
  if (!(await users.recordSignIn(trx, userId, at)))
    return (await users.findUser(trx, userId)) ? { kind: 'suspended' } : { kind: 'incorrect' };
  const identity = (await identities.findIdentity(trx, identityId))!;
  await identities.recordLogin(trx, identityId, at, confirmsIdentity);
  const actor = selfActor(userId);
  if (confirmsIdentity && identity.is_confirmed === 0)
    await audit(trx, actor, 'identity.confirmed', { userId, identityId }, identityData({ ...identity, is_confirmed: 1 }));
  await audit(trx, actor, 'user.authenticated', { userId, identityId }, { ...identityData(identity), method });
  const { token } = await startSession(trx, { userId, identityId }, now);
  return { kind: 'signed-in', userId, identityId, token };
}

export type SignInMethod = 'password' | 'code';

/** A wrong password or code for a known identity: the identity and method, never what was typed. */
export function recordFailedAuthentication(trx: Executor, identity: IdentityRow, method: SignInMethod): Promise<void> {
  return audit(
    trx,
    selfActor(identity.user_id),
    'user.authentication_failed',
    { userId: identity.user_id, identityId: identity.id },
    {
      ...identityData(identity),
      method,
    },
  );
}
