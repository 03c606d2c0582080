import { createHash } from 'node:crypto';
import { IMPORTED_HASH_LIMITS } from '../../domain/imported-password.js';
import { breathe, ROUNDS_PER_BREATH } from './breathe.js';
import { sameText } from './compare.js';
import { encodeShuffled } from './crypt64.js';

const SHA_CRYPT = /^\$([56])\$(?:rounds=(\d{1,10})\$)?([^$]{0,16})\$([./0-9A-Za-z]+)$/;

const SHA256 = {
  algorithm: 'sha256',
  size: 32,
  chars: 43,
  groups: [
    [0, 10, 20],
    [21, 1, 11],
    [12, 22, 2],
    [3, 13, 23],
    [24, 4, 14],
    [15, 25, 5],
    [6, 16, 26],
    [27, 7, 17],
    [18, 28, 8],
    [9, 19, 29],
  ],
  tail: [-1, 31, 30, 3],
} as const;

const SHA512 = {
  algorithm: 'sha512',
  size: 64,
  chars: 86,
  groups: [
    [0, 21, 42],
    [22, 43, 1],
    [44, 2, 23],
    [3, 24, 45],
    [25, 46, 4],
    [47, 5, 26],
    [6, 27, 48],
    [28, 49, 7],
    [50, 8, 29],
    [9, 30, 51],
    [31, 52, 10],
    [53, 11, 32],
    [12, 33, 54],
    [34, 55, 13],
    [56, 14, 35],
    [15, 36, 57],
    [37, 58, 16],
    [59, 17, 38],
    [18, 39, 60],
    [40, 61, 19],
    [62, 20, 41],
  ],
  tail: [-1, -1, 63, 2],
} as const;

/** `length` bytes of `source` repeated. */
function cycle(source: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += source.length) source.copy(out, i, 0, Math.min(source.length, length - i));
  return out;
}

/**
 * Ulrich Drepper's SHA-256-crypt (`$5$`) and SHA-512-crypt (`$6$`), as glibc writes them for /etc/shadow. Rounds
 * above the import limit are refused rather than run; the round loop pauses regularly for other requests.
 */
export async function verifyShaCrypt(hash: string, password: string): Promise<boolean> {
  const match = SHA_CRYPT.exec(hash);
  if (!match) return false;
  const [, id, roundsText, saltText, expected] = match;
  const scheme = id === '5' ? SHA256 : SHA512;
  const rounds = roundsText === undefined ? 5000 : Number(roundsText);
  if (expected!.length !== scheme.chars || rounds < 1000 || rounds > IMPORTED_HASH_LIMITS.shaCryptRounds) return false;
  const digest = (...parts: Uint8Array[]) => {
    const h = createHash(scheme.algorithm);
    for (const part of parts) h.update(part);
    return h.digest();
  };
  const pw = Buffer.from(password, 'utf8');
  const salt = Buffer.from(saltText!, 'utf8');

  const b = digest(pw, salt, pw);
  const aParts: Uint8Array[] = [pw, salt, cycle(b, pw.length)];
  for (let bits = pw.length; bits > 0; bits >>= 1) aParts.push(bits & 1 ? b : pw);
  const a = digest(...aParts);

  const p = cycle(digest(...Array<Buffer>(pw.length).fill(pw)), pw.length);
  const s = cycle(digest(...Array<Buffer>(16 + a[0]!).fill(salt)), salt.length);

  let c = a;
  for (let i = 0; i < rounds; i++) {
    const round: Uint8Array[] = [i & 1 ? p : c];
    if (i % 3) round.push(s);
    if (i % 7) round.push(p);
    round.push(i & 1 ? c : p);
    c = digest(...round);
    if (i % ROUNDS_PER_BREATH === ROUNDS_PER_BREATH - 1) await breathe();
  }
  return sameText(encodeShuffled(c, scheme.groups, scheme.tail), expected!);
}
