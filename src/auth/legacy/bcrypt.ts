import { verify } from '@node-rs/bcrypt';
import { IMPORTED_HASH_LIMITS } from '../../domain/imported-password.js';

/** `$2x$` (crypt_blowfish's buggy 8-bit variant) is left out on purpose: the standard algorithm gives other results. */
const BCRYPT = /^\$2([aby])\$(\d\d)\$[./A-Za-z0-9]{53}$/;

/**
 * bcrypt as OpenBSD (`$2a$`, `$2b$`) and PHP (`$2y$`) write it: the three prefixes name the same algorithm for any
 * password shorter than 255 bytes, which is why Kinde can rewrite `$2b$` to `$2a$` on import.
 */
export async function verifyBcrypt(hash: string, password: string | Uint8Array): Promise<boolean> {
  const match = BCRYPT.exec(hash);
  if (!match || Number(match[2]) < 4 || Number(match[2]) > IMPORTED_HASH_LIMITS.bcryptCost) return false;
  try {
    return await verify(password, hash);
  } catch {
    return false;
  }
}
