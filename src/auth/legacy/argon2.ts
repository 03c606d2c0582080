import { parseOptions } from '@node-rs/argon2';
import { IMPORTED_HASH_LIMITS } from '../../domain/imported-password.js';
import { verifyArgon2 } from '../passwords.js';

/** Any imported argon2 PHC string (argon2i, argon2d, argon2id; v=16 or v=19) whose costs are inside the limits. */
export async function verifyImportedArgon2(hash: string, password: string): Promise<boolean> {
  let options;
  try {
    options = parseOptions(hash);
  } catch {
    return false;
  }
  const limits = IMPORTED_HASH_LIMITS;
  if (options.memoryCost > limits.argon2MemoryKiB || options.timeCost > limits.argon2Passes || options.parallelism > limits.argon2Lanes)
    return false;
  return verifyArgon2(hash, password);
}
