import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

// One randomBytes call costs far more than copying a few bytes: imports make ids by the million, so draw in blocks.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function randomBlock(size: number): Buffer {
  if (poolOffset + size > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  poolOffset += size;
  return pool.subarray(poolOffset - size, poolOffset);
}

/**
 * 32 lower-case hex digits laid out as a UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter
 * that keeps ids from one process strictly increasing within a millisecond, then random bits. Ids therefore sort in
 * creation order, which keeps B-tree inserts at the right edge and makes id order the listing order.
 */
export function timeOrderedHex(now = Date.now()): string {
  if (now <= lastMs) {
    sequence = (sequence + 1) & 0xfff;
    if (sequence === 0) lastMs += 1;
  } else {
    lastMs = now;
    sequence = randomBlock(2).readUInt16BE() & 0x3ff; // random start, leaving room to count up
  }
  const time = lastMs.toString(16).padStart(12, '0');
  const counter = (0x7000 | sequence).toString(16);
  const random = randomBlock(8);
  random[0] = (random[0]! & 0x3f) | 0x80;
  return time + counter + random.toString('hex');
}

export const newUserId = () => `kp_${timeOrderedHex()}`;
export const newIdentityId = () => `identity_${timeOrderedHex()}`;
export const newEventId = () => `event_${timeOrderedHex()}`;

export const USER_ID = /^kp_[0-9a-f]{32}$/;
export const IDENTITY_ID = /^identity_[0-9a-f]{32}$/;
export const EVENT_ID = /^event_[0-9a-f]{32}$/;
