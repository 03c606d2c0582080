import { describe, expect, it } from 'vitest';
import { RosterError } from '../../src/domain/errors.js';
import { CONTACT_IDENTITY_TYPES } from '../../src/domain/identity-types.js';
import {
  assertDeletable,
  canBePrimary,
  primaryChange,
  startsAsPrimary,
  startsConfirmed,
  successorOf,
  type IdentityFacts,
} from '../../src/domain/rules.js';

/** Runs fn, expects a 400 RosterError with this code, and returns it. */
function refusal(fn: () => unknown, code: string): RosterError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RosterError);
    const e = err as RosterError;
    expect({ status: e.status, code: e.code }).toEqual({ status: 400, code });
    return e;
  }
  throw new Error(`expected ${code}, but nothing was thrown`);
}

let counter = 0;
const facts = (type: string, isPrimary: boolean, isConfirmed = false): IdentityFacts => ({
  id: `identity_${String(++counter).padStart(32, '0')}`,
  type,
  isPrimary,
  isConfirmed,
});

const SOCIAL = 'oauth2:google';

describe('primary identities', () => {
  it('email, phone and username are the types that have a primary; social types do not', () => {
    expect([...CONTACT_IDENTITY_TYPES]).toEqual(['email', 'phone', 'username']);
    for (const type of CONTACT_IDENTITY_TYPES) expect(canBePrimary(type)).toBe(true);
    for (const type of [SOCIAL, 'oauth2:github', 'Email', '']) expect(canBePrimary(type)).toBe(false);
  });

  it('rule: the first identity of a type that a user gets becomes its primary', () => {
    for (const type of CONTACT_IDENTITY_TYPES) {
      expect(startsAsPrimary(type, false)).toBe(true);
      expect(startsAsPrimary(type, true)).toBe(false);
    }
  });

  it('rule: a social identity is never primary, not even the first', () => {
    expect(startsAsPrimary(SOCIAL, false)).toBe(false);
  });

  it('rule: make primary on a non-primary promotes it (the previous primary is demoted with it)', () => {
    for (const type of CONTACT_IDENTITY_TYPES) expect(primaryChange(facts(type, false), true)).toBe('promote');
  });

  it('rule: making the current primary primary again is a no-op that succeeds', () => {
    for (const type of CONTACT_IDENTITY_TYPES) expect(primaryChange(facts(type, true), true)).toBe('none');
  });

  it('rule: {"is_primary": false} on a primary is refused (400 PRIMARY_REQUIRED)', () => {
    for (const type of CONTACT_IDENTITY_TYPES) {
      expect(refusal(() => primaryChange(facts(type, true, true), false), 'PRIMARY_REQUIRED').field).toBe('is_primary');
    }
  });

  it('rule: {"is_primary": false} on a non-primary is a no-op', () => {
    for (const type of CONTACT_IDENTITY_TYPES) expect(primaryChange(facts(type, false), false)).toBe('none');
  });

  it('rule: a social identity is never primary (400 IDENTITY_CANNOT_BE_PRIMARY)', () => {
    const error = refusal(() => primaryChange(facts(SOCIAL, false, true), true), 'IDENTITY_CANNOT_BE_PRIMARY');
    expect(error.field).toBe('is_primary');
    expect(error.message).toContain(SOCIAL);
    expect(primaryChange(facts(SOCIAL, false), false)).toBe('none');
  });
});

describe('deleting identities', () => {
  it('rule: deleting a user’s last identity is refused (400 LAST_IDENTITY)', () => {
    refusal(() => assertDeletable(1), 'LAST_IDENTITY');
    refusal(() => assertDeletable(0), 'LAST_IDENTITY');
  });

  it('an identity that is not the last can be deleted', () => {
    expect(() => assertDeletable(2)).not.toThrow();
    expect(() => assertDeletable(50)).not.toThrow();
  });

  it('rule: deleting a primary promotes the oldest confirmed identity of the same type', () => {
    const deleted = facts('email', true, true);
    const oldestUnconfirmed = facts('email', false, false);
    const oldestConfirmed = facts('email', false, true);
    const newerConfirmed = facts('email', false, true);
    expect(successorOf(deleted, [deleted, oldestUnconfirmed, oldestConfirmed, newerConfirmed])).toBe(oldestConfirmed);
  });

  it('rule: with no confirmed one left, deleting a primary promotes the oldest of the same type', () => {
    const deleted = facts('phone', true, true);
    const oldest = facts('phone', false);
    const newer = facts('phone', false);
    expect(successorOf(deleted, [oldest, deleted, newer])).toBe(oldest);
  });

  it('rule: a successor is always of the deleted primary’s type', () => {
    const deleted = facts('username', true, true);
    expect(successorOf(deleted, [deleted, facts('email', false, true), facts(SOCIAL, false, true)])).toBeUndefined();
    const sameType = facts('username', false);
    expect(successorOf(deleted, [facts('email', false, true), deleted, sameType])).toBe(sameType);
  });

  it('rule: deleting a primary that was the only one of its type promotes nothing', () => {
    const deleted = facts('email', true, true);
    expect(successorOf(deleted, [deleted])).toBeUndefined();
    expect(successorOf(deleted, [])).toBeUndefined();
  });

  it('rule: deleting an identity that is not primary promotes nothing', () => {
    const deleted = facts('email', false, true);
    expect(successorOf(deleted, [facts('email', true, true), deleted, facts('email', false, true)])).toBeUndefined();
  });
});

describe('confirmation', () => {
  it('rule: usernames are confirmed when created', () => {
    expect(startsConfirmed('username', undefined)).toBe(true);
    expect(startsConfirmed('username', false)).toBe(true);
    expect(startsConfirmed('username', true)).toBe(true);
  });

  it('rule: email and phone identities start unconfirmed unless the request says "is_verified": true', () => {
    for (const type of ['email', 'phone']) {
      expect(startsConfirmed(type, undefined)).toBe(false);
      expect(startsConfirmed(type, false)).toBe(false);
      expect(startsConfirmed(type, true)).toBe(true);
    }
  });
});
