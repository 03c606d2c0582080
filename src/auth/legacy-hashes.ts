import { verifyImportedArgon2 } from './legacy/argon2.js';
import { verifyAspnetIdentity } from './legacy/aspnet-identity.js';
import { verifyBcrypt } from './legacy/bcrypt.js';
import { verifyFirebaseScrypt, type FirebaseScryptParams } from './legacy/firebase-scrypt.js';
import { verifyMd5Crypt } from './legacy/md5-crypt.js';
import { verifyPbkdf2, type Pbkdf2Params } from './legacy/pbkdf2.js';
import { verifyPhpass } from './legacy/phpass.js';
import { verifySaltedDigest, type SaltedDigestParams } from './legacy/salted-digest.js';
import { verifyScrypt } from './legacy/scrypt.js';
import { verifyShaCrypt } from './legacy/sha-crypt.js';
import { phpTrim, verifyWordpressBcrypt } from './legacy/wordpress.js';

type Params = Record<string, unknown> | null;

/** The `user_passwords.algorithm` values an import can leave behind (see normaliseImportedPassword). */
export const LEGACY_ALGORITHMS = [
  'bcrypt',
  'argon2',
  'scrypt',
  'firebase-scrypt',
  'pbkdf2',
  'md5',
  'sha256',
  'crypt',
  'phpass',
  'wordpress-bcrypt',
  'aspnet-identity',
] as const;

const verifiers: Record<(typeof LEGACY_ALGORITHMS)[number], (hash: string, params: Params, password: string) => Promise<boolean>> = {
  bcrypt: (hash, _params, password) => verifyBcrypt(hash, password),
  argon2: (hash, _params, password) => verifyImportedArgon2(hash, password),
  scrypt: (hash, _params, password) => verifyScrypt(hash, password),
  'firebase-scrypt': (hash, params, password) =>
    params ? verifyFirebaseScrypt(hash, params as unknown as FirebaseScryptParams, password) : Promise.resolve(false),
  pbkdf2: (hash, params, password) => verifyPbkdf2(hash, params as unknown as Pbkdf2Params | null, password),
  md5: (hash, params, password) => verifySaltedDigest('md5', hash, params as unknown as SaltedDigestParams | null, password),
  sha256: (hash, params, password) => verifySaltedDigest('sha256', hash, params as unknown as SaltedDigestParams | null, password),
  crypt: (hash, _params, password) =>
    hash.startsWith('$1$') || hash.startsWith('$apr1$') ? verifyMd5Crypt(hash, password) : verifyShaCrypt(hash, password),
  // WordPress trims the password at sign-in (wp_authenticate); other phpass users (phpBB) do not.
  phpass: (hash, params, password) => verifyPhpass(hash, params?.origin === 'wordpress' ? phpTrim(password) : password),
  'wordpress-bcrypt': (hash, _params, password) => verifyWordpressBcrypt(hash, password),
  'aspnet-identity': (hash, _params, password) => verifyAspnetIdentity(hash, password),
};

function parseParams(params: string | Params): Params | undefined {
  if (params === null || typeof params === 'object') return params;
  try {
    const parsed: unknown = JSON.parse(params);
    return parsed === null || (typeof parsed === 'object' && !Array.isArray(parsed)) ? (parsed as Params) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `password` matches an imported hash, verified with the algorithm it was imported with. `params` is the
 * stored JSON text or its parsed object. Anything malformed (unknown algorithm, broken hash or params, costs above
 * the import limits) is a mismatch, never an error.
 */
export async function verifyLegacyHash(algorithm: string, hash: string, params: string | Params, password: string): Promise<boolean> {
  const verifier = Object.hasOwn(verifiers, algorithm) ? verifiers[algorithm as keyof typeof verifiers] : undefined;
  const parsed = parseParams(params);
  if (!verifier || parsed === undefined || typeof hash !== 'string' || typeof password !== 'string') return false;
  try {
    return await verifier(hash, parsed, password);
  } catch {
    return false;
  }
}
