import { createHash } from 'node:crypto';
import { IMPORTED_HASH_LIMITS } from '../../domain/imported-password.js';
import { breathe, ROUNDS_PER_BREATH } from './breathe.js';
import { sameText } from './compare.js';
import { encodeLittleEndian, ITOA64 } from './crypt64.js';

const PHPASS = /^(\$[PH]\$[./0-9A-Za-z]{9})([./0-9A-Za-z]{22})$/;

/**
 * Openwall's phpass "portable" hash (`$P$` from WordPress before 6.8, `$H$` from phpBB): 2^n rounds of MD5 over
 * the previous digest and the password, n and an 8-character salt being stored in the hash.
 */
export async function verifyPhpass(hash: string, password: string): Promise<boolean> {
  const match = PHPASS.exec(hash);
  if (!match) return false;
  const [, setting, expected] = match;
  const log2 = ITOA64.indexOf(setting![3]!);
  if (log2 < 7 || log2 > IMPORTED_HASH_LIMITS.phpassLog2Rounds) return false;
  const salt = Buffer.from(setting!.slice(4, 12), 'utf8');
  const pw = Buffer.from(password, 'utf8');

  let digest = createHash('md5').update(salt).update(pw).digest();
  for (let i = 0, rounds = 2 ** log2; i < rounds; i++) {
    digest = createHash('md5').update(digest).update(pw).digest();
    if (i % ROUNDS_PER_BREATH === ROUNDS_PER_BREATH - 1) await breathe();
  }
  return sameText(encodeLittleEndian(digest), expected!);
}
