import { invalid, RosterError } from '../domain/errors.js';
import { normalisePhone, normaliseUsername, type NormalisedIdentifier } from '../domain/identifiers.js';
import { identifierKind, typedEmail } from '../domain/typed-identifiers.js';
import type { Executor } from '../store/database.js';
import * as identities from '../store/identities.js';
import * as codes from '../store/one-time-codes.js';
import { inTransaction, type Roster } from './context.js';
import type { Messenger } from './messages/index.js';
import { checkCode, issueCode, resendCode, type CodeCheck } from './one-time-codes.js';
import { completeSignIn, recordFailedAuthentication, type SignInResult } from './sign-in.js';
import { finishSignUp, type SignUpPayload } from './sign-up.js';

/** An email when it has an @; otherwise a phone, in E.164 or national form with the country it belongs to. */
export function parseCodeIdentifier(value: string, country: string): NormalisedIdentifier {
  const text = value.trim();
  if (text === '') throw invalid('INVALID_REQUEST', 'Enter your email or phone number', 'identifier');
  if (text.includes('@')) return typedEmail(text, 'identifier');
  try {
    return normalisePhone(text, country.trim() === '' ? undefined : country);
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    if (error.field === 'phone_country_id') throw error.at('country');
    if (error.code === 'INVALID_PHONE' && !text.startsWith('+') && country.trim() === '') {
      throw invalid('INVALID_PHONE', 'Start the number with + and its country code, or choose its country', 'identifier');
    }
    throw error.at('identifier');
  }
}

/** The first step of signing in: an email, a phone number or a username, told apart by their shape. */
export function parseSignInIdentifier(value: string, country: string): NormalisedIdentifier {
  if (value.trim() === '') throw invalid('INVALID_REQUEST', 'Enter your email, phone number or username', 'identifier');
  if (identifierKind(value) !== 'username') return parseCodeIdentifier(value, country);
  try {
    return normaliseUsername(value.trim());
  } catch {
    throw invalid('INVALID_REQUEST', 'Enter an email address, a phone number, or a username of letters, digits, - and _', 'identifier');
  }
}

/** Sends a sign-in code to whoever has this identifier; to nobody when nobody has it, with the same answer. */
export async function requestSignInCode(
  roster: Roster,
  messenger: Messenger,
  input: { identifier: string; country: string },
): Promise<string> {
  const identifier = parseCodeIdentifier(input.identifier, input.country);
  const identity = await identities.findIdentityByKey(roster.database.db, identifier.type, identifier.lookupKey);
  return issueCode(roster, messenger, { purpose: 'sign-in', identifier, deliver: identity !== undefined });
}

/** A new code for a challenge, sent where the first one was: always for a sign-up, else only to someone's identifier. */
export function resendChallengeCode(roster: Roster, messenger: Messenger, challengeId: string): Promise<string | undefined> {
  return resendCode(roster, messenger, challengeId, async (row) => {
    if (row.purpose === 'sign-up') return true;
    return (await identities.findIdentityByKey(roster.database.db, row.type, row.lookup_key)) !== undefined;
  });
}

export type CodeResult = SignInResult | Exclude<CodeCheck, { kind: 'proved' }>;

/**
 * Checks a code and, if it is right, signs in (confirming the identity it was sent to) or completes the sign-up
 * it belongs to. Everything, the wrong-guess count included, commits in one transaction.
 */
export async function submitCode(roster: Roster, challengeId: string, code: string, now = new Date()): Promise<CodeResult> {
  if (!/^[0-9]{6}$/.test(code.trim())) throw invalid('INVALID_REQUEST', 'Enter the 6-digit code we sent you', 'code');
  const attempt = () =>
    inTransaction(roster, async (trx): Promise<CodeResult> => {
      const check = await checkCode(trx, challengeId, code.trim(), now);
      if (check.kind !== 'proved') {
        if (check.kind === 'wrong' || check.kind === 'exhausted') await recordWrongCode(trx, challengeId);
        return check;
      }
      const { row } = check;
      const identity = await identities.findIdentityByKey(trx, row.type, row.lookup_key);
      if (identity) return completeSignIn(trx, identity.user_id, identity.id, { confirmsIdentity: true, method: 'code' }, now);
      // A sign-in code for an identifier nobody has was never sent, so it can't have been typed in honestly.
      if (row.purpose !== 'sign-up') return { kind: 'unknown' };
      const created = await finishSignUp(roster, trx, row, JSON.parse(row.payload ?? '{}') as SignUpPayload);
      return completeSignIn(trx, created.userId, created.identityId, { confirmsIdentity: true, method: 'code' }, now);
    });
  try {
    return await attempt();
  } catch (error) {
    // Someone else took the email between our look-up and our insert: everything rolled back, so run again and find it.
    if (error instanceof RosterError && error.code === 'IDENTITY_ALREADY_EXISTS') return attempt();
    throw error;
  }
}

/** A wrong sign-in code for someone's identity is a failed authentication of that identity (sign-up codes have no one yet). */
async function recordWrongCode(trx: Executor, challengeId: string): Promise<void> {
  const row = await codes.findCode(trx, challengeId);
  const identity = row && (await identities.findIdentityByKey(trx, row.type, row.lookup_key));
  if (identity) await recordFailedAuthentication(trx, identity, 'code');
}
