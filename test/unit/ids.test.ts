import { describe, expect, it } from 'vitest';
import { IDENTITY_ID, USER_ID, newEventId, newIdentityId, newUserId, timeOrderedHex } from '../../src/domain/ids.js';

const COUNT = 10_000;
const msOf = (hex: string) => parseInt(hex.slice(0, 12), 16);

function expectStrictlyIncreasing(ids: string[]): void {
  const firstOutOfOrder = ids.findIndex((id, i) => i > 0 && !(ids[i - 1]! < id));
  expect(firstOutOfOrder, `id ${firstOutOfOrder} is not greater than the one before`).toBe(-1);
}

describe('ids', () => {
  it('user ids are kp_ and 32 lower-case hex digits', () => {
    const id = newUserId();
    expect(id).toMatch(/^kp_[0-9a-f]{32}$/);
    expect(USER_ID.test(id)).toBe(true);
    expect(USER_ID.test(newIdentityId())).toBe(false);
    expect(USER_ID.test(`kp_${'A'.repeat(32)}`)).toBe(false);
  });

  it('identity ids are identity_ and 32 lower-case hex digits', () => {
    const id = newIdentityId();
    expect(id).toMatch(/^identity_[0-9a-f]{32}$/);
    expect(IDENTITY_ID.test(id)).toBe(true);
    expect(IDENTITY_ID.test(newUserId())).toBe(false);
    expect(newEventId()).toMatch(/^event_[0-9a-f]{32}$/);
  });

  it('the hex is a UUIDv7: version nibble 7, variant bits 10, Unix milliseconds first', () => {
    const before = Date.now();
    const hex = timeOrderedHex();
    const after = Date.now();
    expect(hex[12]).toBe('7');
    expect('89ab').toContain(hex[16]);
    // The counter can borrow a few milliseconds from the future when more than 4,096 ids share one.
    expect(msOf(hex)).toBeGreaterThanOrEqual(before);
    expect(msOf(hex)).toBeLessThanOrEqual(after + 10);
  });

  it(`${COUNT} ids made in one millisecond are strictly increasing, unique, and all UUIDv7`, () => {
    const now = Date.now();
    const hexes = Array.from({ length: COUNT }, () => timeOrderedHex(now));
    expectStrictlyIncreasing(hexes);
    expect(new Set(hexes).size).toBe(COUNT);
    for (const hex of hexes) expect(hex).toMatch(/^[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
    // More than 4,096 ids cannot fit one millisecond's 12-bit counter, so later ones carry the next milliseconds.
    expect(msOf(hexes.at(-1)!)).toBeGreaterThan(msOf(hexes[0]!));
  });

  it(`${COUNT} user ids and ${COUNT} identity ids made in a tight loop are strictly increasing`, () => {
    const users = Array.from({ length: COUNT }, newUserId);
    const identities = Array.from({ length: COUNT }, newIdentityId);
    expectStrictlyIncreasing(users);
    expectStrictlyIncreasing(identities);
  });

  it('ids keep increasing when the clock steps backwards', () => {
    const first = timeOrderedHex();
    const afterStepBack = timeOrderedHex(Date.now() - 60_000);
    expect(afterStepBack > first).toBe(true);
  });
});
