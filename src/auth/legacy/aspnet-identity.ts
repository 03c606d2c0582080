import { base64Bytes, parseAspnetIdentity } from '../../domain/imported-password.js';
import { pbkdf2Matches } from './pbkdf2.js';

/** ASP.NET Identity's PasswordHasher output, version 2 (PBKDF2-SHA1, 1000 iterations) or version 3. */
export async function verifyAspnetIdentity(hash: string, password: string): Promise<boolean> {
  const bytes = base64Bytes(hash);
  const parsed = bytes && parseAspnetIdentity(bytes);
  if (!parsed) return false;
  return pbkdf2Matches(password, parsed.salt, parsed.iterations, parsed.digest, parsed.key);
}
