import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RosterError } from '../../src/domain/errors.js';
import { assertCleanText, normaliseEmail, normaliseIdentifier, normalisePhone, normaliseUsername } from '../../src/domain/identifiers.js';
import { CONTACT_IDENTITY_TYPES } from '../../src/domain/identity-types.js';
import { lookalikeKeys } from '../../src/domain/lookalike.js';

/** Runs fn, expects a 400 RosterError with this code and field, and returns its message. */
function rejection(fn: () => unknown, code: string, field: string): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RosterError);
    const e = err as RosterError;
    expect({ status: e.status, code: e.code, field: e.field }).toEqual({ status: 400, code, field });
    return e.message;
  }
  throw new Error('expected a rejection, but the value was accepted');
}

describe('usernames', () => {
  const bad = (value: unknown) => rejection(() => normaliseUsername(value), 'INVALID_USERNAME', 'username');

  it('rule: usernames are case-insensitive but keep their display case', () => {
    const a = normaliseUsername('RosyRose');
    const b = normaliseUsername('rOSYROSE');
    expect(a).toEqual({
      type: 'username',
      name: 'RosyRose',
      lookupKey: 'rosyrose',
      lookalikeKey: lookalikeKeys('RosyRose').folded,
      lookalikeCasedKey: lookalikeKeys('RosyRose').cased,
    });
    expect(b.name).toBe('rOSYROSE');
    expect(b.lookupKey).toBe(a.lookupKey);
  });

  it('rule: a username is 2–64 characters', () => {
    expect(normaliseUsername('ab').name).toBe('ab');
    expect(normaliseUsername('a'.repeat(64)).name).toBe('a'.repeat(64));
    expect(bad('a')).toBe('Username must be 2–64 characters of A–Z, a–z, 0–9, - and _');
    bad('a'.repeat(65));
    bad('');
  });

  it('rule: a username holds only A–Z, a–z, 0–9, - and _', () => {
    expect(normaliseUsername('Ann_Lee-2').lookupKey).toBe('ann_lee-2');
    for (const value of ['ann lee', ' ann', 'ann ', 'ann.lee', 'ann@lee', 'm\u00fcller', 'ann\u00a0lee']) bad(value);
  });

  it('rule: invisible characters in a username are rejected with a message that says so', () => {
    for (const ch of ['\u200b', '\u00ad', '\ufeff', '\u202e', '\u200d', '\u2060', '\u0000', '\u0007', '\t', '\u007f']) {
      expect(bad(`ann${ch}lee`)).toMatch(/^Username contains an invisible or control character \(U\+[0-9A-F]{4}\)$/);
    }
    expect(bad('ann\u200blee')).toContain('U+200B');
  });

  it('rule: full-width letters are not username characters', () => {
    bad('\uff41nn'); // ａnn
  });

  it('rule: usernames get a look-alike key; confusable ones share it', () => {
    expect(normaliseUsername('Bui1derBob').lookalikeKey).toBe(normaliseUsername('BuilderBob').lookalikeKey);
    expect(normaliseUsername('rnodern').lookalikeKey).toBe(normaliseUsername('modern').lookalikeKey);
    expect(normaliseUsername('alice').lookalikeKey).not.toBe(normaliseUsername('bob').lookalikeKey);
  });

  it('rule: a username that is not a string is INVALID_USERNAME', () => {
    for (const value of [undefined, null, 42, ['ann'], { name: 'ann' }]) bad(value);
  });
});

describe('emails', () => {
  const bad = (value: unknown) => rejection(() => normaliseEmail(value), 'INVALID_EMAIL', 'email');

  it('rule: an email keeps its case for display and is looked up lower-cased', () => {
    expect(normaliseEmail('Ann@Example.com')).toEqual({
      type: 'email',
      name: 'Ann@Example.com',
      lookupKey: 'ann@example.com',
      lookalikeKey: null,
      lookalikeCasedKey: null,
    });
    expect(normaliseEmail('ann@example.com').lookupKey).toBe(normaliseEmail('ANN@EXAMPLE.COM').lookupKey);
  });

  it('rule: surrounding ASCII whitespace is trimmed', () => {
    expect(normaliseEmail('  ann@example.com\t\n').name).toBe('ann@example.com');
  });

  it('rule: emails are stored NFC, so composed and decomposed forms are one address', () => {
    const composed = normaliseEmail('j\u00f6rg@example.com');
    const decomposed = normaliseEmail('jo\u0308rg@example.com');
    expect(decomposed.name).toBe('j\u00f6rg@example.com');
    expect(decomposed.lookupKey).toBe(composed.lookupKey);
  });

  it('rule: an email is at most 254 characters', () => {
    const email = (length: number) => `${'a'.repeat(64)}@${'d'.repeat(length - 64 - 1 - 4)}.com`;
    expect(email(254)).toHaveLength(254);
    expect(normaliseEmail(email(254)).name).toBe(email(254));
    expect(bad(email(255))).toBe('Email must be at most 254 characters');
  });

  it('rule: the part before the @ is 1–64 characters', () => {
    expect(normaliseEmail(`${'a'.repeat(64)}@example.com`).name).toHaveLength(76);
    bad(`${'a'.repeat(65)}@example.com`);
    bad('@example.com');
  });

  it('rule: an email has exactly one @', () => {
    expect(bad('a@b@c.com')).toBe('Email must contain exactly one @');
    bad('ann.example.com');
  });

  it('rule: the email domain must contain a dot (ann@localhost is refused)', () => {
    expect(bad('ann@localhost')).toMatch(/must contain a dot/);
  });

  it.each([
    ['ασ@example.com', 'ΑΣ@example.com'],
    ['ας@example.com', 'ασ@example.com'], // final sigma folds to σ
    ['straße@example.com', 'STRASSE@example.com'], // ß folds to ss
    ['ẞig@example.com', 'ssig@example.com'],
    ['ıx@example.com', 'ıX@example.com'],
    ['\u1c80ася@example.com', 'васЯ@example.com'], // Cyrillic small rounded ve ᲀ folds to в
    ['\u1c82ля@example.com', 'оля@example.com'], // ᲂ folds to о
    ['ann@bücher.example', 'ann@xn--bcher-kva.example'], // one domain form (UTS #46)
    ['ann@BÜCHER.example', 'ANN@bücher.EXAMPLE'],
    ['e\u0301mile@example.com', 'ÉMILE@example.com'], // NFC first
  ])('rule: %s and %s have one lookup key (full case folding after NFC, UTS #46 domains)', (a, b) => {
    expect(normaliseEmail(a).lookupKey).toBe(normaliseEmail(b).lookupKey);
    expect(normaliseEmail(a).name).not.toBe(normaliseEmail(b).name);
  });

  it('rule: case folding is not Turkish lower-casing: dotless ı and i stay apart', () => {
    expect(normaliseEmail('ıx@example.com').lookupKey).not.toBe(normaliseEmail('ix@example.com').lookupKey);
  });

  it('rule: folding is computed over the vendored Unicode 16.0 CaseFolding.txt', () => {
    const data = readFileSync(new URL('../../data/unicode/CaseFolding.txt', import.meta.url), 'utf8');
    expect(data.split('\n', 1)[0]).toBe('# CaseFolding-16.0.0.txt');
    expect(createHash('sha256').update(data).digest('hex')).toBe('6f1f9c588eb4a5c718d9e8f93b782685e5c7fec872cf05e8e6878053599e09bb');
  });

  it('rule: domain labels are letters, digits and inner hyphens, none empty; the last is not all digits', () => {
    expect(normaliseEmail('ann@mail-1.example.com').name).toBe('ann@mail-1.example.com');
    expect(normaliseEmail('ann@xn--bcher-kva.example').name).toBe('ann@xn--bcher-kva.example');
    expect(normaliseEmail('ann@bücher.de').lookupKey).toBe('ann@xn--bcher-kva.de');
    expect(normaliseEmail('ann@bücher.de').name).toBe('ann@bücher.de');
    expect(normaliseEmail('ann@हिन्दी.भारत').name).toBe('ann@हिन्दी.भारत'); // combining vowel signs inside a label
    for (const value of [
      'ann@example..com',
      'ann@.example.com',
      'ann@example.com.',
      'ann@-example.com',
      'ann@example-.com',
      'ann@exa_mple.com',
      'ann@exa mple.com',
      'ann@example.c*m',
      'ann@1.2.3.4',
      'ann@[1.2.3.4]',
    ]) {
      bad(value);
    }
  });

  it('rule: the local part has no whitespace or any of " ( ) , : ; < > [ \\ ]', () => {
    for (const ch of [' ', '"', '(', ')', ',', ':', ';', '<', '>', '[', '\\', ']', '\u00a0']) bad(`an${ch}n@example.com`);
  });

  it('rule: no provider tricks: Gmail dots and +tags are different addresses', () => {
    const plain = normaliseEmail('ann@gmail.com').lookupKey;
    expect(normaliseEmail('ann+news@gmail.com').lookupKey).toBe('ann+news@gmail.com');
    expect(normaliseEmail('a.nn@gmail.com').lookupKey).not.toBe(plain);
    expect(normaliseEmail('ann+news@gmail.com').lookupKey).not.toBe(plain);
  });

  it('rule: invisible and control characters are rejected, not stripped', () => {
    for (const value of [
      'ann\u200b@example.com',
      'an\u00adn@example.com',
      '\ufeffann@example.com',
      'ann@exam\u202eple.com',
      'ann\u0000@example.com',
      'ann\r\n@example.com',
    ]) {
      expect(bad(value)).toMatch(/^Email contains an invisible or control character/);
    }
  });

  it('rule: the replacement character U+FFFD (invalid UTF-8) is rejected', () => {
    expect(bad('ann\ufffd@example.com')).toMatch(/U\+FFFD/);
  });

  it('rule: full-width and other compatibility characters are rejected (they look like ordinary ones)', () => {
    for (const value of ['\uff41nn@example.com', 'ann\uff20example.com', 'ann@example\uff0ecom', '\ufb01nn@example.com']) {
      expect(bad(value)).toMatch(/full-width or other compatibility character/);
    }
  });

  it('rule: an email that is not a string, or is empty, is INVALID_EMAIL', () => {
    for (const value of [undefined, null, 42, '', '   ']) bad(value);
  });
});

describe('phones', () => {
  const bad = (value: unknown, country?: unknown) => rejection(() => normalisePhone(value, country), 'INVALID_PHONE', 'phone');

  it('rule: an E.164 number is stored and looked up as E.164', () => {
    expect(normalisePhone('+61412345678')).toEqual({
      type: 'phone',
      name: '+61412345678',
      lookupKey: '+61412345678',
      lookalikeKey: null,
      lookalikeCasedKey: null,
    });
  });

  it('rule: common separators are allowed and removed', () => {
    for (const value of ['+61 412 345 678', '+61-412-345-678', '+61.412.345.678', '+61 (4) 1234 5678', ' +61412345678 ']) {
      expect(normalisePhone(value).lookupKey).toBe('+61412345678');
    }
  });

  it('rule: a national number needs phone_country_id, in any case', () => {
    expect(normalisePhone('0412 345 678', 'au').name).toBe('+61412345678');
    expect(normalisePhone('0412 345 678', 'AU').name).toBe('+61412345678');
    expect(normalisePhone('(02) 9374 4000', 'Au').name).toBe('+61293744000');
    expect(bad('0412 345 678')).toMatch(/international format/);
  });

  it('rule: an unknown phone_country_id is INVALID_PHONE on the field phone_country_id', () => {
    for (const country of ['xx', 'aus', 'a', '61', 42, {}]) {
      rejection(() => normalisePhone('0412 345 678', country), 'INVALID_PHONE', 'phone_country_id');
    }
  });

  it('rule: a number with + carries its own country; a valid phone_country_id beside it is ignored', () => {
    expect(normalisePhone('+61412345678', 'au').name).toBe('+61412345678');
    expect(normalisePhone('+44 20 7946 0000', 'au').name).toBe('+442079460000');
    rejection(() => normalisePhone('+61412345678', 'xx'), 'INVALID_PHONE', 'phone_country_id');
  });

  it('rule: a + with no digits, or letters, is INVALID_PHONE', () => {
    expect(bad('+')).toBe('Phone number has no digits');
    expect(bad('+', 'au')).toBe('Phone number has no digits');
    expect(bad('+abc')).toMatch(/only digits/);
    bad('+61 412 CALL ME');
    bad('+61412345678 ext. 12'); // an extension would silently vanish from E.164
    bad('0412+345678', 'au');
  });

  it('rule: the number must be valid for its region', () => {
    expect(bad('+61 1234')).toMatch(/not a valid number/);
    bad('+611234567890');
    bad('+61412345678999');
    bad('123', 'au');
    bad('+999 1234 5678');
  });

  it('rule: full-width digits and other compatibility characters are rejected', () => {
    expect(bad('+\uff16\uff11412345678')).toMatch(/full-width or other compatibility character/);
    bad('\uff0b61412345678');
  });

  it('rule: invisible, control and replacement characters in a phone number are rejected', () => {
    for (const ch of ['\u200b', '\u00ad', '\ufeff', '\u202e', '\u0000']) {
      expect(bad(`+6141234${ch}5678`)).toMatch(/^Phone number contains an invisible or control character/);
    }
    expect(bad('+6141234\ufffd5678')).toMatch(/U\+FFFD/);
  });

  it('rule: a phone that is not a string, or is empty, is INVALID_PHONE', () => {
    for (const value of [undefined, null, 61412345678, '', '  ']) bad(value);
  });
});

describe('assertCleanText', () => {
  const dirty = (value: string) =>
    rejection(() => assertCleanText(value, 'given_name', 'INVALID_REQUEST'), 'INVALID_REQUEST', 'given_name');

  it('rule: ordinary text in any script, with spaces and marks, is clean', () => {
    for (const value of ['Ann Lee', 'Zoë', 'José', 'Ærøskøbing', '李小龍', 'Анна', 'عائشة', "O'Brien-Smith", 'Ann 😀']) {
      expect(() => assertCleanText(value, 'given_name', 'INVALID_REQUEST')).not.toThrow();
    }
  });

  it('rule: control and format characters, bidi controls and default-ignorables are rejected', () => {
    for (const ch of [
      '\u0000',
      '\u001b',
      '\u007f',
      '\u0085',
      '\u200b',
      '\u200c',
      '\u200d',
      '\u00ad',
      '\ufeff',
      '\u202a',
      '\u202e',
      '\u2066',
      '\u2069',
      '\u061c',
      '\u034f',
      '\u2028',
      '\u3164',
      '\ufe0f',
      '\u{e0041}',
    ]) {
      expect(dirty(`Ann${ch}`)).toMatch(/^Given name contains an invisible or control character/);
    }
  });

  it('rule: unassigned code points and noncharacters are rejected', () => {
    for (const ch of ['\u0378', '\ufffe', '\uffff', '\ufdd0', '\u{10fffe}']) {
      expect(dirty(`Ann${ch}`)).toMatch(/unassigned code point/);
    }
  });

  it('rule: private-use characters are rejected', () => {
    expect(dirty('Ann\ue000')).toMatch(/private-use character \(U\+E000\)/);
    expect(dirty('Ann\u{f0000}')).toMatch(/private-use/);
  });

  it('rule: unpaired surrogates are rejected', () => {
    expect(dirty('Ann\ud800')).toMatch(/unpaired surrogate \(U\+D800\)/);
    expect(dirty('Ann\udc00x')).toMatch(/unpaired surrogate/);
  });

  it('rule: U+FFFD, what invalid UTF-8 decodes to, is rejected', () => {
    expect(dirty(Buffer.from([0x41, 0xff, 0x42]).toString('utf8'))).toMatch(/U\+FFFD/);
  });
});

describe('normaliseIdentifier', () => {
  it('rule: one normalise function per identifier type', () => {
    expect(CONTACT_IDENTITY_TYPES).toEqual(['email', 'phone', 'username']);
    expect(normaliseIdentifier('email', 'Ann@Example.com')).toEqual(normaliseEmail('Ann@Example.com'));
    expect(normaliseIdentifier('phone', '0412345678', { phoneCountryId: 'au' })).toEqual(normalisePhone('0412345678', 'au'));
    expect(normaliseIdentifier('username', 'RosyRose')).toEqual(normaliseUsername('RosyRose'));
  });

  it('rule: an unsupported identity type is INVALID_IDENTITY_TYPE on the field type', () => {
    for (const type of ['Email', 'sms', '', 'oauth2:google', 'toString']) {
      rejection(() => normaliseIdentifier(type, 'x'), 'INVALID_IDENTITY_TYPE', 'type');
    }
  });

  it('rule: each type reports its own error code', () => {
    rejection(() => normaliseIdentifier('email', 'nope'), 'INVALID_EMAIL', 'email');
    rejection(() => normaliseIdentifier('phone', 'nope'), 'INVALID_PHONE', 'phone');
    rejection(() => normaliseIdentifier('username', 'n'), 'INVALID_USERNAME', 'username');
  });
});
