import { pbkdf2 } from 'node:crypto';
import { base64Bytes, pbkdf2WithinLimits, saltBytes, type Pbkdf2Digest, type SaltFormat } from '../../domain/imported-password.js';
import { sameBytes } from './compare.js';

export interface Pbkdf2Params {
  digest: Pbkdf2Digest;
  iterations: number;
  salt: string;
  salt_format: SaltFormat;
  encoding: 'hex' | 'base64';
}

/** node:crypto's PBKDF2 on the thread pool, refusing work above the import limit. */
export async function pbkdf2Matches(
  password: string | Uint8Array,
  salt: Uint8Array,
  iterations: number,
  digest: Pbkdf2Digest,
  expected: Uint8Array,
): Promise<boolean> {
  if (!pbkdf2WithinLimits(iterations, expected.length, digest) || expected.length === 0) return false;
  const key = await new Promise<Buffer>((resolve, reject) =>
    pbkdf2(password, salt, iterations, expected.length, digest, (error, derived) => (error ? reject(error) : resolve(derived))),
  );
  return sameBytes(key, expected);
}

const DJANGO = /^pbkdf2_(sha1|sha256)\$(\d{1,10})\$([^$]+)\$([A-Za-z0-9+/]+={0,2})$/;
const PASSLIB = /^\$pbkdf2(?:-(sha256|sha512))?\$(\d{1,10})\$([./A-Za-z0-9]*)\$([./A-Za-z0-9]+)$/;

/**
 * PBKDF2 in one of three shapes: Kinde's (hash, salt and variant apart, in `params`), Django's
 * `pbkdf2_sha256$iterations$salt$base64` (the salt used as text) and passlib's `$pbkdf2-sha256$iterations$salt$key`
 * (salt and key in passlib's base64, "." for "+").
 */
export async function verifyPbkdf2(hash: string, params: Pbkdf2Params | null, password: string): Promise<boolean> {
  if (params) {
    const expected = params.encoding === 'hex' ? Buffer.from(hash, 'hex') : base64Bytes(hash);
    if (!expected) return false;
    return pbkdf2Matches(password, saltBytes(params), params.iterations, params.digest, expected);
  }
  const django = DJANGO.exec(hash);
  if (django) {
    const expected = base64Bytes(django[4]!);
    return !!expected && pbkdf2Matches(password, Buffer.from(django[3]!, 'utf8'), Number(django[2]), django[1] as Pbkdf2Digest, expected);
  }
  const passlib = PASSLIB.exec(hash);
  if (passlib) {
    const salt = base64Bytes(passlib[3]!);
    const expected = base64Bytes(passlib[4]!);
    const digest = (passlib[1] ?? 'sha1') as Pbkdf2Digest;
    return !!salt && !!expected && pbkdf2Matches(password, salt, Number(passlib[2]), digest, expected);
  }
  return false;
}
