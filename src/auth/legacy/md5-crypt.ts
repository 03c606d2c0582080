import { createHash } from 'node:crypto';
import { sameText } from './compare.js';
import { encodeShuffled } from './crypt64.js';

const MD5_CRYPT = /^\$(1|apr1)\$([^$]{0,8})\$([./0-9A-Za-z]{22})$/;

const GROUPS = [
  [0, 6, 12],
  [1, 7, 13],
  [2, 8, 14],
  [3, 9, 15],
  [4, 10, 5],
] as const;
const TAIL = [-1, -1, 11, 2] as const;

const md5 = (...parts: Uint8Array[]) => {
  const h = createHash('md5');
  for (const part of parts) h.update(part);
  return h.digest();
};

/**
 * Poul-Henning Kamp's MD5-crypt (`$1$`, FreeBSD/glibc) and Apache's variant of it (`$apr1$`, which differs only in
 * the magic). The password is taken as UTF-8 bytes, as glibc's crypt(3) sees it.
 */
export async function verifyMd5Crypt(hash: string, password: string): Promise<boolean> {
  const match = MD5_CRYPT.exec(hash);
  if (!match) return false;
  const [, id, saltText, expected] = match;
  const magic = Buffer.from(`$${id}$`);
  const pw = Buffer.from(password, 'utf8');
  const salt = Buffer.from(saltText!, 'utf8');

  const alternate = md5(pw, salt, pw);
  const parts: Uint8Array[] = [pw, magic, salt];
  for (let left = pw.length; left > 0; left -= 16) parts.push(alternate.subarray(0, Math.min(left, 16)));
  for (let bits = pw.length; bits; bits >>= 1) parts.push(bits & 1 ? Buffer.alloc(1) : pw.subarray(0, 1));
  let digest = md5(...parts);

  for (let i = 0; i < 1000; i++) {
    const round: Uint8Array[] = [i & 1 ? pw : digest];
    if (i % 3) round.push(salt);
    if (i % 7) round.push(pw);
    round.push(i & 1 ? digest : pw);
    digest = md5(...round);
  }
  return sameText(encodeShuffled(digest, GROUPS, TAIL), expected!);
}
