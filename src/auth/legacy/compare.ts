import { timingSafeEqual } from 'node:crypto';

/** Constant-time equality of two digests; a length difference (public: it comes from the stored hash) is a mismatch. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** The same for two encoded digests (crypt's base64, hex…). */
export const sameText = (a: string, b: string) => sameBytes(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
