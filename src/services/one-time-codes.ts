import { randomBytes, randomInt } from 'node:crypto';
import { hashSecret } from '../auth/secrets.js';
import { RosterError } from '../domain/errors.js';
import type { NormalisedIdentifier } from '../domain/identifiers.js';
import type { Executor } from '../store/database.js';
import * as codes from '../store/one-time-codes.js';
import type { OneTimeCodeRow } from '../store/schema.js';
import { inTransaction, type Roster } from './context.js';
import type { Messenger, OutgoingMessage } from './messages/index.js';

export const CODE_MINUTES = 10;
export const MAX_CODE_ATTEMPTS = 5;
/** Codes one identifier may be sent per CODE_MINUTES: each gives 5 guesses, so this bounds guessing too. */
export const MAX_CODES_PER_WINDOW = 10;

/** `admin-setup`: the code that makes the person at a setup link the first admin. */
export type CodePurpose = 'sign-in' | 'sign-up' | 'admin-setup' | 'password-reset';

export interface CodeRequest {
  purpose: CodePurpose;
  identifier: NormalisedIdentifier;
  /** Whether to send it: a sign-in code for an identifier nobody has is recorded but never sent (no enumeration). */
  deliver: boolean;
  payload?: unknown;
}

// Salted with the code's own id, so equal codes don't have equal hashes.
const codeHash = (id: string, code: string) => hashSecret(`${id}:${code}`);

export const tooManyCodes = () =>
  new RosterError(429, 'TOO_MANY_CODES', `Too many codes were requested for this address. Wait ${CODE_MINUTES} minutes and try again.`);

/**
 * Records a new 6-digit code and sends it. The row is committed before the message leaves (a slow mail server must
 * not hold a transaction open); if sending fails, the code is voided and the error says so. Returns the code's id,
 * which the verify form carries.
 */
export async function issueCode(roster: Roster, messenger: Messenger, request: CodeRequest, now = new Date()): Promise<string> {
  const id = `otc_${randomBytes(16).toString('hex')}`;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const { type, lookupKey, name } = request.identifier;
  await inTransaction(roster, async (trx) => {
    const windowStart = new Date(now.getTime() - CODE_MINUTES * 60_000).toISOString();
    await codes.deleteExpiredCodes(trx, type, lookupKey, windowStart);
    if ((await codes.countCodesSince(trx, type, lookupKey, windowStart)) >= MAX_CODES_PER_WINDOW) throw tooManyCodes();
    await codes.insertCode(trx, {
      id,
      purpose: request.purpose,
      type,
      lookup_key: lookupKey,
      name,
      payload: request.payload === undefined ? null : JSON.stringify(request.payload),
      code_hash: codeHash(id, code),
      attempts: 0,
      created_on: now.toISOString(),
      expires_on: new Date(now.getTime() + CODE_MINUTES * 60_000).toISOString(),
      used_on: null,
    });
  });
  if (request.deliver) {
    try {
      await messenger.send(codeMessage(request.identifier, code, request.purpose));
    } catch (error) {
      await codes.voidCode(roster.database.db, id, new Date().toISOString());
      throw error;
    }
  }
  return id;
}

/** The code is the message's only run of exactly six digits, so people and programs can pick it out. */
function codeMessage(identifier: NormalisedIdentifier, code: string, purpose: CodePurpose): OutgoingMessage {
  const what = purpose === 'password-reset' ? 'password reset code' : 'sign-in code';
  if (identifier.type === 'phone') {
    return {
      channel: 'sms',
      recipient: identifier.name,
      subject: '',
      body: `${code} is your ${what}. It expires in ${CODE_MINUTES} minutes.`,
    };
  }
  return {
    channel: 'email',
    recipient: identifier.name,
    subject: `Your ${what}`,
    body: `Your ${what} is ${code}\n\nIt expires in ${CODE_MINUTES} minutes. If you did not ask for it, you can ignore this email.\n`,
  };
}

export type CodeCheck =
  | { kind: 'proved'; row: OneTimeCodeRow }
  | { kind: 'wrong'; attemptsLeft: number }
  | { kind: 'expired' | 'exhausted' | 'used' | 'unknown' };

/** The code for a pending challenge, if this is it. A wrong guess is counted; the caller commits either way. */
export async function checkCode(trx: Executor, id: string, code: string, now = new Date()): Promise<CodeCheck> {
  const at = now.toISOString();
  if (await codes.consumeCode(trx, id, codeHash(id, code), at, MAX_CODE_ATTEMPTS))
    return { kind: 'proved', row: (await codes.findCode(trx, id))! };
  await codes.countWrongAttempt(trx, id, at, MAX_CODE_ATTEMPTS);
  const row = await codes.findCode(trx, id);
  if (!row) return { kind: 'unknown' };
  if (row.used_on !== null) return { kind: 'used' };
  if (row.expires_on <= at) return { kind: 'expired' };
  if (row.attempts >= MAX_CODE_ATTEMPTS) return { kind: 'exhausted' };
  return { kind: 'wrong', attemptsLeft: MAX_CODE_ATTEMPTS - row.attempts };
}

/**
 * "Send a new code": a fresh code for the same person and purpose (a sign-up keeps its names and password hash),
 * under the same per-address limit; the old code stops working. Sent only where the first one was. Returns the new
 * challenge, or undefined when there is no such challenge (any more).
 */
export async function resendCode(
  roster: Roster,
  messenger: Messenger,
  id: string,
  deliver: (row: OneTimeCodeRow) => Promise<boolean>,
): Promise<string | undefined> {
  const row = await codes.findCode(roster.database.db, id);
  if (!row) return undefined;
  const identifier = {
    type: row.type as NormalisedIdentifier['type'],
    lookupKey: row.lookup_key,
    name: row.name,
    lookalikeKey: null,
    lookalikeCasedKey: null,
  };
  const fresh = await issueCode(roster, messenger, {
    purpose: row.purpose as CodePurpose,
    identifier,
    deliver: await deliver(row),
    payload: row.payload === null ? undefined : (JSON.parse(row.payload) as unknown),
  });
  await codes.voidCode(roster.database.db, id, new Date().toISOString());
  return fresh;
}

/** Where a pending challenge's code went, for the verify page; undefined when there is no such challenge. */
export async function findChallenge(roster: Roster, id: string): Promise<Pick<OneTimeCodeRow, 'purpose' | 'type' | 'name'> | undefined> {
  const row = await codes.findCode(roster.database.db, id);
  return row && { purpose: row.purpose, type: row.type, name: row.name };
}
