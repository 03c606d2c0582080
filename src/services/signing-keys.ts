import { KEY_PUBLISH_DELAY_SECONDS, newSigningKey } from '../auth/keys.js';
import { CLI_ACTOR, type Actor } from '../domain/actor.js';
import { invalid } from '../domain/errors.js';
import type { SigningKey } from '../domain/signing-key.js';
import * as keys from '../store/keys.js';
import { audit } from './audit.js';
import { inTransaction, type Roster } from './context.js';

/** `next`: published, signs later. `signing`: signs now. `previous`: published so its tokens still verify. */
export type KeyState = 'next' | 'signing' | 'previous' | 'retired';

export interface SigningKeyView {
  kid: string;
  state: KeyState;
  created_on: string;
  signs_from: string;
  retired_on: string | null;
}

/** The longest a token signed now stays valid: a retired key must outlive every token it signed. */
export const longestTokenSeconds = (roster: Roster) =>
  Math.max(roster.config.accessTokenSeconds, roster.config.consoleAccessTokenSeconds, roster.config.idTokenSeconds);

/**
 * Adds a key that is published at once and signs after the publish delay; from then on the keys that signed before it
 * sign no more and are retired once the last token they can have signed has expired.
 */
export async function rotateSigningKey(
  roster: Roster,
  options: { publishDelaySeconds?: number; now?: Date; actor?: Actor } = {},
): Promise<SigningKeyView[]> {
  const now = options.now ?? new Date();
  const delay = options.publishDelaySeconds ?? KEY_PUBLISH_DELAY_SECONDS;
  if (!Number.isFinite(delay) || delay < 0)
    throw invalid('INVALID_PUBLISH_DELAY', 'The publish delay must be a number of seconds, 0 or more', 'publish_delay_seconds');
  const signsFrom = new Date(now.getTime() + delay * 1000).toISOString();
  const key = await newSigningKey(roster.config.keyEncryptionSecret, now, signsFrom);
  const retireOn = new Date(now.getTime() + (delay + longestTokenSeconds(roster)) * 1000).toISOString();
  await inTransaction(roster, async (trx) => {
    await keys.insertSigningKey(trx, key);
    await keys.retireKeysBefore(trx, key.kid, signsFrom, retireOn);
    await audit(trx, options.actor ?? CLI_ACTOR, 'signing_key.rotated', { userId: null }, { kid: key.kid, signs_from: signsFrom });
  });
  await roster.keys.reload();
  return listSigningKeys(roster, now);
}

export async function listSigningKeys(roster: Roster, now = new Date()): Promise<SigningKeyView[]> {
  return describeKeys(await keys.allSigningKeys(roster.database.db), now);
}

export function describeKeys(rows: SigningKey[], now: Date): SigningKeyView[] {
  const at = now.toISOString();
  const signsFrom = (row: SigningKey) => row.signsFrom ?? row.createdOn;
  const live = rows.filter((row) => row.retiredOn === null || row.retiredOn > at);
  const signing = live
    .filter((row) => signsFrom(row) <= at)
    .reduce<SigningKey | undefined>(
      (best, row) => (!best || signsFrom(row) > signsFrom(best) || (signsFrom(row) === signsFrom(best) && row.kid > best.kid) ? row : best),
      undefined,
    );
  return rows.map((row) => ({
    kid: row.kid,
    state: !live.includes(row) ? 'retired' : row === signing ? 'signing' : signsFrom(row) > at ? 'next' : 'previous',
    created_on: row.createdOn,
    signs_from: signsFrom(row),
    retired_on: row.retiredOn,
  }));
}
