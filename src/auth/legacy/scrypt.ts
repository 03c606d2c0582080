import { scrypt, type ScryptOptions } from 'node:crypto';
import { IMPORTED_HASH_LIMITS, parseScryptPhc, scryptWithinLimits } from '../../domain/imported-password.js';
import { sameBytes } from './compare.js';

/** node:crypto's scrypt, on the thread pool, refusing more memory than the import limit. */
export function scryptKey(
  password: Uint8Array,
  salt: Uint8Array,
  length: number,
  costs: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = { ...costs, maxmem: IMPORTED_HASH_LIMITS.scryptMemoryBytes + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** scrypt in PHC form, `$scrypt$ln=…,r=…,p=…$salt$key` (passlib and others); salt and key in base64. */
export async function verifyScrypt(hash: string, password: string): Promise<boolean> {
  const parsed = parseScryptPhc(hash);
  if (!parsed || !scryptWithinLimits(parsed.N, parsed.r, parsed.p)) return false;
  const key = await scryptKey(Buffer.from(password, 'utf8'), parsed.salt, parsed.key.length, parsed);
  return sameBytes(key, parsed.key);
}
