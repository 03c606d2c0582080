import { hashPassword } from '../auth/passwords.js';
import { selfActor } from '../domain/actor.js';
import { invalid } from '../domain/errors.js';
import { assertAcceptablePassword } from '../domain/password-rules.js';
import { checkAll } from '../domain/typed-identifiers.js';
import * as identities from '../store/identities.js';
import * as passwords from '../store/passwords.js';
import * as sessions from '../store/sessions.js';
import * as users from '../store/users.js';
import { audit } from './audit.js';
import { parseCodeIdentifier, type CodeResult } from './code-sign-in.js';
import { inTransaction, type Roster } from './context.js';
import type { Messenger } from './messages/index.js';
import { checkCode, issueCode } from './one-time-codes.js';
import { completeSignIn } from './sign-in.js';

/** Sends a reset code to whoever has this email or phone number; to nobody when nobody has it, with the same answer. */
export async function requestPasswordReset(
  roster: Roster,
  messenger: Messenger,
  input: { identifier: string; country: string },
): Promise<string> {
  const identifier = parseCodeIdentifier(input.identifier, input.country);
  const identity = await identities.findIdentityByKey(roster.database.db, identifier.type, identifier.lookupKey);
  return issueCode(roster, messenger, { purpose: 'password-reset', identifier, deliver: identity !== undefined });
}

/**
 * The right code proves the person: their password becomes the new one, every session they had ends with its
 * refresh tokens, the change is recorded, and they are signed in afresh, all in one transaction. The new password
 * is checked (with the code's shape) before the code is spent, so a weak one costs no guess.
 */
export async function resetPassword(
  roster: Roster,
  challengeId: string,
  input: { code: string; password: string },
  now = new Date(),
): Promise<CodeResult> {
  checkAll(
    () => {
      if (!/^[0-9]{6}$/.test(input.code.trim())) throw invalid('INVALID_REQUEST', 'Enter the 6-digit code we sent you', 'code');
    },
    () => {
      if (input.password === '') throw invalid('INVALID_REQUEST', 'Enter a new password', 'password');
      assertAcceptablePassword(input.password);
    },
  );
  // Hashed before the transaction: on SQLite a transaction holds the only connection.
  const hash = await hashPassword(input.password);
  return inTransaction(roster, async (trx): Promise<CodeResult> => {
    const check = await checkCode(trx, challengeId, input.code.trim(), now);
    if (check.kind !== 'proved') return check;
    const { row } = check;
    const identity = row.purpose === 'password-reset' ? await identities.findIdentityByKey(trx, row.type, row.lookup_key) : undefined;
    // A reset code for an identifier nobody has was never sent, so it can't have been typed in honestly.
    if (!identity) return { kind: 'unknown' };
    const user = await users.findUser(trx, identity.user_id);
    if (!user) return { kind: 'unknown' };
    if (user.is_suspended) return { kind: 'suspended' };
    const at = now.toISOString();
    await passwords.savePassword(trx, { user_id: user.id, algorithm: 'argon2id', hash, params: null, updated_on: at });
    if (user.is_password_reset_requested) await users.updateUser(trx, user.id, { is_password_reset_requested: 0, updated_on: at });
    const ended = await sessions.endUserSessions(trx, user.id, at);
    await audit(trx, selfActor(user.id), 'user.password_reset', { userId: user.id, identityId: identity.id }, { sessions_ended: ended });
    return completeSignIn(trx, user.id, identity.id, { confirmsIdentity: true, method: 'code' }, now);
  });
}
