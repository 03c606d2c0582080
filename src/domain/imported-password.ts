import { invalid } from './errors.js';

/**
 * An imported password hash as Kinde's CSV, NDJSON and SetUserPassword carry it. `hashing_method` and
 * `hashing_algorithm` are the same thing under two names (CSV/API and NDJSON).
 */
export interface ImportedPassword {
  hashing_method?: string | null;
  hashing_algorithm?: string | null;
  hashed_password: string;
  salt?: string | null;
  salt_position?: string | null;
  salt_format?: string | null;
  iterations?: number | null;
  variant?: string | null;
  signer_key?: string | null;
  salt_separator?: string | null;
  rounds?: number | null;
  mem_cost?: number | null;
}

/** A row's worth of `user_passwords`: the algorithm the hash is verified with, the hash, and what else it needs. */
export interface NormalisedPassword {
  algorithm: string;
  hash: string;
  params: Record<string, unknown> | null;
}

/** The `hashing_method` values accepted (Kinde's, plus the argon2 family). */
export const IMPORT_HASHING_METHODS = [
  'bcrypt',
  'argon2',
  'argon2i',
  'argon2id',
  'argon2d',
  'scrypt',
  'firebase-scrypt',
  'pbkdf2',
  'md5',
  'sha256',
  'crypt',
  'wordpress',
  'aspnet-identity-v2',
] as const;

export type ImportHashingMethod = (typeof IMPORT_HASHING_METHODS)[number];

/**
 * The most work a stored hash may ask for, checked at import and again before verifying. An imported hash names its
 * own cost, so without these a hostile or mistaken import could make every sign-in attempt take seconds or hundreds of
 * megabytes, and tell apart the accounts that have such a hash by their slowness. Each is at or above what the platform
 * that wrote such hashes uses by default (bcrypt 10–12, Django's PBKDF2 1,200,000 iterations, Firebase's scrypt N=2^14
 * r=8, argon2's RFC 9106 second choice of 64 MiB); passlib's sha512-crypt (656,000 rounds) is above its cap.
 */
export const IMPORTED_HASH_LIMITS = {
  bcryptCost: 13,
  argon2MemoryKiB: 65_536,
  argon2Passes: 10,
  argon2Lanes: 8,
  /** scrypt needs 128·N·r bytes. */
  scryptMemoryBytes: 64 * 1024 * 1024,
  scryptParallelism: 16,
  /** Iterations times output blocks: PBKDF2's cost. */
  pbkdf2Work: 1_200_000,
  pbkdf2KeyBytes: 64,
  shaCryptRounds: 200_000,
  phpassLog2Rounds: 18,
  saltBytes: 1024,
  hashChars: 1024,
} as const;

export type SaltFormat = 'hex' | 'string' | 'base64';
export type SaltPosition = 'prefix' | 'suffix';
export type Pbkdf2Digest = 'sha1' | 'sha256' | 'sha512';

export const PBKDF2_DIGEST_BYTES: Record<Pbkdf2Digest, number> = { sha1: 20, sha256: 32, sha512: 64 };

/** The parts of a salt a verifier needs, as stored in `params`. */
export interface StoredSalt {
  salt: string;
  salt_format: SaltFormat;
}

const fail = (field: string, reason: string) => invalid('INVALID_PASSWORD_HASH', reason, field);

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
/** Standard or URL-safe base64, padded or not; passlib's "." for "+" too. */
const BASE64 = /^[A-Za-z0-9+/._-]*={0,2}$/;

const BCRYPT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;
const ARGON2 = /^\$argon2(id|i|d)\$(?:v=(16|19)\$)?m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;
const SCRYPT = /^\$scrypt\$([a-z]+=\d{1,10}(?:,[a-z]+=\d{1,10})*)\$([A-Za-z0-9+/.=]*)\$([A-Za-z0-9+/.=]+)$/;
const MD5_CRYPT = /^\$(?:1|apr1)\$[^$]{0,8}\$[./0-9A-Za-z]{22}$/;
const SHA_CRYPT = /^\$([56])\$(?:rounds=(\d{1,10})\$)?[^$]{0,16}\$([./0-9A-Za-z]+)$/;
const PHPASS = /^\$[PH]\$[./0-9A-Za-z]{31}$/;
const WORDPRESS_BCRYPT = /^\$wp\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;
const DJANGO_PBKDF2 = /^pbkdf2_(sha1|sha256)\$(\d{1,10})\$[^$]+\$[A-Za-z0-9+/]+={0,2}$/;
const PASSLIB_PBKDF2 = /^\$pbkdf2(?:-(sha256|sha512))?\$(\d{1,10})\$[./A-Za-z0-9]*\$[./A-Za-z0-9]+$/;
const PBKDF2_VARIANT = /^(?:salted-)?pbkdf2-hmac-(sha1|sha256|sha512)$/;

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Bytes of a base64 text (any of the usual alphabets), or null when it isn't base64. */
export function base64Bytes(text: string): Buffer | null {
  if (!BASE64.test(text) || text.replace(/=+$/, '').length % 4 === 1) return null;
  return Buffer.from(text.replace(/\./g, '+').replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** The bytes a salt stands for in its format. */
export function saltBytes({ salt, salt_format }: StoredSalt): Buffer {
  if (salt_format === 'hex') return Buffer.from(salt, 'hex');
  if (salt_format === 'base64') return base64Bytes(salt) ?? Buffer.alloc(0);
  return Buffer.from(salt, 'utf8');
}

/**
 * Checks an imported hash and everything its method needs, and returns it as Roster stores it. Throws
 * `400 INVALID_PASSWORD_HASH` naming the field at fault.
 */
export function normaliseImportedPassword(input: ImportedPassword): NormalisedPassword {
  const { method, field } = methodOf(input);
  const hash = typeof input.hashed_password === 'string' ? input.hashed_password.trim() : '';
  if (!hash) throw fail('hashed_password', 'A hashed password is required');
  if (hash.length > IMPORTED_HASH_LIMITS.hashChars) throw fail('hashed_password', 'The hashed password is too long');
  switch (method) {
    case 'bcrypt':
      return bcrypt(hash);
    case 'argon2':
    case 'argon2i':
    case 'argon2id':
    case 'argon2d':
      return argon2(hash, method);
    case 'scrypt':
      return scrypt(hash);
    case 'firebase-scrypt':
      return firebaseScrypt(hash, input);
    case 'pbkdf2':
      return pbkdf2(hash, input);
    case 'md5':
    case 'sha256':
      return saltedDigest(method, hash, input);
    case 'crypt':
      return crypt(hash);
    case 'wordpress':
      return wordpress(hash);
    case 'aspnet-identity-v2':
      return aspnetIdentity(hash);
  }
  throw fail(field, `Unknown hashing method ${method}`);
}

function methodOf(input: ImportedPassword): { method: ImportHashingMethod; field: string } {
  const named = (value: string | null | undefined) => (typeof value === 'string' && value.trim() ? value.trim().toLowerCase() : undefined);
  const fromMethod = named(input.hashing_method);
  const fromAlgorithm = named(input.hashing_algorithm);
  if (fromMethod && fromAlgorithm && fromMethod !== fromAlgorithm) {
    throw fail('hashing_method', 'hashing_method and hashing_algorithm name different methods');
  }
  const field = fromMethod ? 'hashing_method' : fromAlgorithm ? 'hashing_algorithm' : 'hashing_method';
  // Kinde's SetUserPassword defaults to bcrypt.
  const method = fromMethod ?? fromAlgorithm ?? 'bcrypt';
  if (!(IMPORT_HASHING_METHODS as readonly string[]).includes(method)) {
    throw fail(field, `Unknown hashing method ${method}; supported: ${IMPORT_HASHING_METHODS.join(', ')}`);
  }
  return { method: method as ImportHashingMethod, field };
}

const row = (algorithm: string, hash: string, params: Record<string, unknown> | null = null): NormalisedPassword => ({
  algorithm,
  hash,
  params,
});

function bcrypt(hash: string): NormalisedPassword {
  const match = BCRYPT.exec(hash);
  if (!match) throw fail('hashed_password', 'A bcrypt hash looks like $2a$, $2b$ or $2y$, a two-digit cost, and 53 characters');
  bcryptCost(Number(match[1]));
  return row('bcrypt', hash);
}

function bcryptCost(cost: number): void {
  if (cost < 4 || cost > IMPORTED_HASH_LIMITS.bcryptCost) {
    throw fail('hashed_password', `The bcrypt cost must be between 4 and ${IMPORTED_HASH_LIMITS.bcryptCost}`);
  }
}

function argon2(hash: string, method: string): NormalisedPassword {
  const match = ARGON2.exec(hash);
  if (!match) throw fail('hashed_password', 'An argon2 hash is a PHC string such as $argon2id$v=19$m=…,t=…,p=…$salt$hash');
  const [, variant, , m, t, p] = match;
  if (method !== 'argon2' && method !== `argon2${variant}`)
    throw fail('hashed_password', `This is an argon2${variant} hash, not ${method}`);
  const limits = IMPORTED_HASH_LIMITS;
  if (
    Number(m) > limits.argon2MemoryKiB ||
    Number(t) > limits.argon2Passes ||
    Number(p) > limits.argon2Lanes ||
    Number(t) < 1 ||
    Number(p) < 1
  ) {
    throw fail(
      'hashed_password',
      `argon2 costs must be at most m=${limits.argon2MemoryKiB}, t=${limits.argon2Passes}, p=${limits.argon2Lanes}`,
    );
  }
  return row('argon2', hash);
}

/** The scrypt costs of a `$scrypt$ln=…,r=…,p=…$salt$hash` string, or null when it is not one. */
export function parseScryptPhc(hash: string): { N: number; r: number; p: number; salt: Buffer; key: Buffer } | null {
  const match = SCRYPT.exec(hash);
  if (!match) return null;
  const costs = new Map(match[1]!.split(',').map((pair) => pair.split('=') as [string, string]));
  const ln = Number(costs.get('ln'));
  const r = Number(costs.get('r'));
  const p = Number(costs.get('p'));
  const salt = base64Bytes(match[2]!);
  const key = base64Bytes(match[3]!);
  if (!Number.isInteger(ln) || !Number.isInteger(r) || !Number.isInteger(p) || ln < 1 || ln > 30 || r < 1 || p < 1) return null;
  if (!salt || !key || key.length < 16 || key.length > 128) return null;
  return { N: 2 ** ln, r, p, salt, key };
}

/** Whether scrypt with these costs stays inside the limits. */
export const scryptWithinLimits = (N: number, r: number, p: number) =>
  128 * N * r <= IMPORTED_HASH_LIMITS.scryptMemoryBytes && p <= IMPORTED_HASH_LIMITS.scryptParallelism;

function scrypt(hash: string): NormalisedPassword {
  const parsed = parseScryptPhc(hash);
  if (!parsed) throw fail('hashed_password', 'A scrypt hash is a PHC string: $scrypt$ln=…,r=…,p=…$salt$hash, salt and hash in base64');
  if (!scryptWithinLimits(parsed.N, parsed.r, parsed.p)) {
    throw fail(
      'hashed_password',
      `scrypt may use at most ${IMPORTED_HASH_LIMITS.scryptMemoryBytes / 2 ** 20} MiB (128·2^ln·r) and p=${IMPORTED_HASH_LIMITS.scryptParallelism}`,
    );
  }
  return row('scrypt', hash);
}

function firebaseScrypt(hash: string, input: ImportedPassword): NormalisedPassword {
  const hashBytes = base64Bytes(hash);
  if (!hashBytes?.length) throw fail('hashed_password', 'A firebase-scrypt hash is base64');
  const salt = readSalt(input, { required: true, defaultFormat: 'base64' })!;
  const signerKey = requiredBase64(input.signer_key, 'signer_key', false);
  const separator = requiredBase64(input.salt_separator, 'salt_separator', true);
  const rounds = integerIn(input.rounds, 'rounds', 1, 16);
  const memCost = integerIn(input.mem_cost, 'mem_cost', 1, 20);
  if (!scryptWithinLimits(2 ** memCost, rounds, 1)) {
    throw fail(
      'mem_cost',
      `rounds and mem_cost may use at most ${IMPORTED_HASH_LIMITS.scryptMemoryBytes / 2 ** 20} MiB (128·2^mem_cost·rounds)`,
    );
  }
  if (signerKey.bytes.length !== hashBytes.length) throw fail('hashed_password', 'A firebase-scrypt hash is as long as the signer key');
  return row('firebase-scrypt', hash, { ...salt, signer_key: signerKey.text, salt_separator: separator.text, rounds, mem_cost: memCost });
}

function pbkdf2(hash: string, input: ImportedPassword): NormalisedPassword {
  const framed = DJANGO_PBKDF2.exec(hash) ?? PASSLIB_PBKDF2.exec(hash);
  if (framed) {
    const digest = (framed[1] ?? 'sha1') as Pbkdf2Digest;
    pbkdf2Work(Number(framed[2]), PBKDF2_DIGEST_BYTES[digest], digest, 'hashed_password');
    return row('pbkdf2', hash);
  }
  const variant = typeof input.variant === 'string' ? PBKDF2_VARIANT.exec(input.variant.trim().toLowerCase()) : null;
  if (!variant) throw fail('variant', 'pbkdf2 needs a variant: salted-pbkdf2-hmac-sha1, -sha256 or -sha512');
  const digest = variant[1] as Pbkdf2Digest;
  const iterations = input.iterations ?? 24_000;
  if (!Number.isInteger(iterations) || iterations < 1) throw fail('iterations', 'iterations must be a positive whole number');
  const encoding = HEX.test(hash) ? 'hex' : 'base64';
  const key = encoding === 'hex' ? Buffer.from(hash, 'hex') : base64Bytes(hash);
  if (!key || key.length < 16 || key.length > IMPORTED_HASH_LIMITS.pbkdf2KeyBytes) {
    throw fail('hashed_password', `A pbkdf2 hash is 16 to ${IMPORTED_HASH_LIMITS.pbkdf2KeyBytes} bytes in hex or base64`);
  }
  pbkdf2Work(iterations, key.length, digest, 'iterations');
  const salt = readSalt(input, { required: true, defaultFormat: 'string' })!;
  return row('pbkdf2', hash, { digest, iterations, ...salt, encoding });
}

/** PBKDF2's cost: one run of the iterations per output block. */
export const pbkdf2WithinLimits = (iterations: number, keyBytes: number, digest: Pbkdf2Digest) =>
  iterations >= 1 &&
  keyBytes <= IMPORTED_HASH_LIMITS.pbkdf2KeyBytes &&
  iterations * Math.ceil(keyBytes / PBKDF2_DIGEST_BYTES[digest]) <= IMPORTED_HASH_LIMITS.pbkdf2Work;

function pbkdf2Work(iterations: number, keyBytes: number, digest: Pbkdf2Digest, field: string): void {
  if (!pbkdf2WithinLimits(iterations, keyBytes, digest)) {
    throw fail(field, `pbkdf2 may run at most ${IMPORTED_HASH_LIMITS.pbkdf2Work} iterations (per output block)`);
  }
}

function saltedDigest(method: 'md5' | 'sha256', hash: string, input: ImportedPassword): NormalisedPassword {
  const hexLength = method === 'md5' ? 32 : 64;
  if (!HEX.test(hash) || hash.length !== hexLength) throw fail('hashed_password', `A ${method} hash is ${hexLength} hex digits`);
  const salt = readSalt(input, { required: false, defaultFormat: 'string' });
  if (!salt) return row(method, hash.toLowerCase());
  const position = typeof input.salt_position === 'string' ? input.salt_position.trim().toLowerCase() : '';
  if (position !== 'prefix' && position !== 'suffix') throw fail('salt_position', 'With a salt, salt_position must be prefix or suffix');
  return row(method, hash.toLowerCase(), { ...salt, salt_position: position });
}

function crypt(hash: string): NormalisedPassword {
  if (BCRYPT.test(hash)) return bcrypt(hash);
  if (MD5_CRYPT.test(hash)) return row('crypt', hash);
  const sha = SHA_CRYPT.exec(hash);
  if (sha) {
    const [, id, rounds, digest] = sha;
    if (digest!.length !== (id === '5' ? 43 : 86))
      throw fail('hashed_password', `A $${id}$ hash ends in ${id === '5' ? 43 : 86} characters`);
    const count = rounds === undefined ? 5000 : Number(rounds);
    if (count < 1000 || count > IMPORTED_HASH_LIMITS.shaCryptRounds) {
      throw fail('hashed_password', `sha-crypt rounds must be between 1000 and ${IMPORTED_HASH_LIMITS.shaCryptRounds}`);
    }
    return row('crypt', hash);
  }
  throw fail(
    'hashed_password',
    'crypt hashes supported: MD5-crypt ($1$, $apr1$), SHA-256-crypt ($5$), SHA-512-crypt ($6$) and bcrypt ($2a$, $2b$, $2y$)',
  );
}

function wordpress(hash: string): NormalisedPassword {
  const modern = WORDPRESS_BCRYPT.exec(hash);
  if (modern) {
    bcryptCost(Number(modern[1]));
    return row('wordpress-bcrypt', hash);
  }
  if (PHPASS.test(hash)) {
    const log2 = ITOA64.indexOf(hash[3]!);
    if (log2 < 7 || log2 > IMPORTED_HASH_LIMITS.phpassLog2Rounds) {
      throw fail('hashed_password', `phpass rounds must be between 2^7 and 2^${IMPORTED_HASH_LIMITS.phpassLog2Rounds}`);
    }
    return row('phpass', hash, { origin: 'wordpress' });
  }
  if (BCRYPT.test(hash)) return bcrypt(hash);
  // WordPress before 2.5 stored a bare MD5, and still accepts one.
  if (HEX.test(hash) && hash.length === 32) return row('md5', hash.toLowerCase());
  throw fail('hashed_password', 'WordPress hashes are $wp$2y$… (6.8+), $P$… (phpass), $2y$… or a 32-digit MD5');
}

function aspnetIdentity(hash: string): NormalisedPassword {
  const bytes = base64Bytes(hash);
  if (!bytes || !parseAspnetIdentity(bytes)) {
    throw fail('hashed_password', 'An ASP.NET Identity hash is the base64 of a version 2 or version 3 hash');
  }
  return row('aspnet-identity', hash);
}

/** ASP.NET Identity's two layouts: v2 is 0x00‖salt(16)‖PBKDF2-SHA1×1000(32); v3 is 0x01‖prf‖iterations‖salt length‖salt‖key. */
export function parseAspnetIdentity(bytes: Buffer): { digest: Pbkdf2Digest; iterations: number; salt: Buffer; key: Buffer } | null {
  if (bytes.length === 49 && bytes[0] === 0x00)
    return { digest: 'sha1', iterations: 1000, salt: bytes.subarray(1, 17), key: bytes.subarray(17) };
  if (bytes.length < 13 || bytes[0] !== 0x01) return null;
  const digest = (['sha1', 'sha256', 'sha512'] as const)[bytes.readUInt32BE(1)];
  const iterations = bytes.readUInt32BE(5);
  const saltLength = bytes.readUInt32BE(9);
  if (!digest || saltLength < 16 || bytes.length < 13 + saltLength + 16) return null;
  const salt = bytes.subarray(13, 13 + saltLength);
  const key = bytes.subarray(13 + saltLength);
  if (!pbkdf2WithinLimits(iterations, key.length, digest)) return null;
  return { digest, iterations, salt, key };
}

function readSalt(input: ImportedPassword, options: { required: boolean; defaultFormat: SaltFormat }): StoredSalt | null {
  const salt = typeof input.salt === 'string' ? input.salt : '';
  if (!salt) {
    if (options.required) throw fail('salt', 'This hashing method needs a salt');
    return null;
  }
  const named =
    typeof input.salt_format === 'string' && input.salt_format.trim() ? input.salt_format.trim().toLowerCase() : options.defaultFormat;
  if (named !== 'hex' && named !== 'string' && named !== 'base64') throw fail('salt_format', 'salt_format must be hex, string or base64');
  const stored: StoredSalt = { salt, salt_format: named };
  if (named === 'hex' && !HEX.test(salt)) throw fail('salt', 'The salt is not hex');
  if (named === 'base64' && !base64Bytes(salt)?.length) throw fail('salt', 'The salt is not base64');
  if (saltBytes(stored).length > IMPORTED_HASH_LIMITS.saltBytes) throw fail('salt', 'The salt is too long');
  return stored;
}

function requiredBase64(value: string | null | undefined, field: string, mayBeEmpty: boolean): { text: string; bytes: Buffer } {
  if (typeof value !== 'string' || (!value && !mayBeEmpty)) throw fail(field, `firebase-scrypt needs ${field}`);
  const bytes = base64Bytes(value);
  if (!bytes) throw fail(field, `${field} must be base64`);
  return { text: value, bytes };
}

function integerIn(value: number | null | undefined, field: string, min: number, max: number): number {
  if (value === undefined || value === null) throw fail(field, `firebase-scrypt needs ${field}`);
  if (!Number.isInteger(value) || value < min || value > max) throw fail(field, `${field} must be a whole number from ${min} to ${max}`);
  return value;
}
