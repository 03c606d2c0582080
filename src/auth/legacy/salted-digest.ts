import { createHash } from 'node:crypto';
import { saltBytes, type SaltFormat, type SaltPosition } from '../../domain/imported-password.js';
import { sameBytes } from './compare.js';

export interface SaltedDigestParams {
  salt: string;
  salt_format: SaltFormat;
  salt_position: SaltPosition;
}

/** One MD5 or SHA-256 of the password, with the salt (if any) before or after it; the stored digest is hex. */
export async function verifySaltedDigest(
  algorithm: 'md5' | 'sha256',
  hash: string,
  params: SaltedDigestParams | null,
  password: string,
): Promise<boolean> {
  if (!/^[0-9a-fA-F]+$/.test(hash)) return false;
  if (params && params.salt_position !== 'prefix' && params.salt_position !== 'suffix') return false;
  const pw = Buffer.from(password, 'utf8');
  const salt = params ? saltBytes(params) : Buffer.alloc(0);
  const parts = params?.salt_position === 'prefix' ? [salt, pw] : [pw, salt];
  const digest = createHash(algorithm).update(parts[0]!).update(parts[1]!).digest();
  return sameBytes(digest, Buffer.from(hash, 'hex'));
}
