/** The alphabet of crypt(3)'s base64: `./0-9A-Za-z`, least significant 6 bits first. */
export const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `count` characters of the 24-bit value b2‖b1‖b0, as md5-crypt and sha-crypt write them. */
function from24(b2: number, b1: number, b0: number, count: number): string {
  let value = (b2 << 16) | (b1 << 8) | b0;
  let out = '';
  for (let i = 0; i < count; i++) {
    out += ITOA64[value & 0x3f];
    value >>>= 6;
  }
  return out;
}

/**
 * Encodes a digest in the order crypt's schemes shuffle it: each entry names the three bytes (high to low) of one
 * 4-character group; a trailing short group uses -1 for its missing bytes and gives its character count.
 */
export function encodeShuffled(
  digest: Uint8Array,
  groups: readonly (readonly [number, number, number])[],
  tail: readonly [number, number, number, number],
): string {
  const at = (i: number) => (i < 0 ? 0 : digest[i]!);
  let out = '';
  for (const [a, b, c] of groups) out += from24(at(a), at(b), at(c), 4);
  return out + from24(at(tail[0]), at(tail[1]), at(tail[2]), tail[3]);
}

/** phpass's encode64: bytes taken in order, little-endian, 6 bits per character. */
export function encodeLittleEndian(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const value = bytes[i]! | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16);
    const chars = Math.min(4, Math.ceil((Math.min(bytes.length - i, 3) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ITOA64[(value >>> (6 * c)) & 0x3f];
  }
  return out;
}
