import type { Transaction } from 'kysely';
import { hashPassword } from '../auth/passwords.js';
import { selfActor } from '../domain/actor.js';
import { invalid } from '../domain/errors.js';
import { assertDisplayText } from '../domain/identifiers.js';
import { assertAcceptablePassword } from '../domain/password-rules.js';
import { checkAll, typedEmail } from '../domain/typed-identifiers.js';
import * as passwords from '../store/passwords.js';
import type { OneTimeCodeRow, Schema } from '../store/schema.js';
import type { Roster } from './context.js';
import type { Messenger } from './messages/index.js';
import { issueCode } from './one-time-codes.js';
import { createUserIn } from './users.js';

const MAX_NAME_LENGTH = 100;

export interface SignUpForm {
  email: string;
  given_name: string;
  family_name: string;
  /** Empty: the user will sign in with codes. */
  password: string;
}

/** What a pending sign-up keeps with its code: the password only as its argon2id hash. */
export interface SignUpPayload {
  given_name?: string;
  family_name?: string;
  password_hash?: string;
}

function checkName(value: string, field: string): string | undefined {
  const name = value.trim();
  if (name === '') return undefined;
  if ([...name].length > MAX_NAME_LENGTH) throw invalid('INVALID_REQUEST', `Use at most ${MAX_NAME_LENGTH} characters`, field);
  assertDisplayText(name, field, 'INVALID_REQUEST');
  return name;
}

/**
 * Checks the form and sends a code to the email. Whether the email already has an account is not said here: the
 * right code signs that account in instead (its owner proved control of the address), and changes nothing in it.
 */
export async function startSignUp(roster: Roster, messenger: Messenger, form: SignUpForm): Promise<string> {
  // Every problem at once, so a person fixes the form in one go.
  const [email, given_name, family_name] = checkAll(
    () => typedEmail(form.email, 'email'),
    () => checkName(form.given_name, 'given_name'),
    () => checkName(form.family_name, 'family_name'),
    () => (form.password === '' ? undefined : assertAcceptablePassword(form.password)),
  );
  const payload: SignUpPayload = { given_name, family_name };
  if (form.password !== '') payload.password_hash = await hashPassword(form.password);
  return issueCode(roster, messenger, { purpose: 'sign-up', identifier: email, deliver: true, payload });
}

/** Creates the user of a proved sign-up code inside the caller's transaction. */
export async function finishSignUp(
  roster: Roster,
  trx: Transaction<Schema>,
  row: OneTimeCodeRow,
  payload: SignUpPayload,
): Promise<{ userId: string; identityId: string }> {
  const profile = {
    ...(payload.given_name ? { given_name: payload.given_name } : {}),
    ...(payload.family_name ? { family_name: payload.family_name } : {}),
  };
  const { user, identities } = await createUserIn(
    roster,
    trx,
    { profile, identities: [{ type: row.type, is_verified: true, details: { [row.type]: row.name } }] },
    selfActor,
  );
  if (payload.password_hash) {
    await passwords.savePassword(trx, {
      user_id: user.id,
      algorithm: 'argon2id',
      hash: payload.password_hash,
      params: null,
      updated_on: new Date().toISOString(),
    });
  }
  return { userId: user.id, identityId: identities[0]!.id };
}
