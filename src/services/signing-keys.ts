import { sql } from 'kysely';
import { KEY_PUBLISH_DELAY_SECONDS, newKeyRow } from '../auth/keys.js';
import * as keys from '../store/keys.js';
import type { ScheduledSigningKeyRow } from '../store/schema.js';
import type { Roster } from './context.js';

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
export const longestTokenSeconds = (roster: Roster) => Math.max(roster.config.accessTokenSeconds, roster.config.idTokenSeconds);

/**
 * Adds a key that is published at once and signs after the publish delay; from then on the keys that signed before it
 * sign no more and are retired once the last token they can have signed has expired.
 */
export async function rotateSigningKey(
  roster: Roster,
  options: { publishDelaySeconds?: number; now?: Date } = {},
): Promise<SigningKeyView[]> {
  const now = options.now ?? new Date();
  const delay = options.publishDelaySeconds ?? KEY_PUBLISH_DELAY_SECONDS;
  if (!Number.isFinite(delay) || delay < 0) throw new Error('The publish delay must be a number of seconds, 0 or more');
  const row = await newKeyRow(roster.config.keyEncryptionSecret, now);
  const signsFrom = new Date(now.getTime() + delay * 1000).toISOString();
  const retireOn = new Date(now.getTime() + (delay + longestTokenSeconds(roster)) * 1000).toISOString();
  await roster.database.db.transaction().execute(async (trx) => {
    await keys.insertSigningKey(trx, { ...row, signs_from: signsFrom });
    // Only keys that take over before this one: of two rotations at once, the later-signing key survives.
    await trx
      .updateTable('signing_keys')
      .set({ retired_on: retireOn })
      .where('retired_on', 'is', null)
      .where('kid', '!=', row.kid)
      .where(sql<string>`coalesce(signs_from, created_on)`, '<', signsFrom)
      .execute();
  });
  await roster.keys.reload();
  return listSigningKeys(roster, now);
}

export async function listSigningKeys(roster: Roster, now = new Date()): Promise<SigningKeyView[]> {
  return describeKeys(await keys.allSigningKeys(roster.database.db), now);
}

export function describeKeys(rows: ScheduledSigningKeyRow[], now: Date): SigningKeyView[] {
  const at = now.toISOString();
  const signsFrom = (row: ScheduledSigningKeyRow) => row.signs_from ?? row.created_on;
  const live = rows.filter((row) => row.retired_on === null || row.retired_on > at);
  const signing = live
    .filter((row) => signsFrom(row) <= at)
    .reduce<ScheduledSigningKeyRow | undefined>(
      (best, row) => (!best || signsFrom(row) > signsFrom(best) || (signsFrom(row) === signsFrom(best) && row.kid > best.kid) ? row : best),
      undefined,
    );
  return rows.map((row) => ({
    kid: row.kid,
    state: !live.includes(row) ? 'retired' : row === signing ? 'signing' : signsFrom(row) > at ? 'next' : 'previous',
    created_on: row.created_on,
    signs_from: signsFrom(row),
    retired_on: row.retired_on,
  }));
}
