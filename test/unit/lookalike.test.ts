import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lookalikeKeys, skeleton } from '../../src/domain/lookalike.js';

const lookalikeKey = (name: string) => lookalikeKeys(name).folded;
/** The rule: a conflict when either key equals the other name's key of the same kind. */
const looksAlike = (a: string, b: string) => {
  const [x, y] = [lookalikeKeys(a), lookalikeKeys(b)];
  return x.folded === y.folded || x.cased === y.cased;
};

describe('UTS #39 skeleton', () => {
  it('rule: the skeleton is computed over the vendored Unicode 16.0 confusables.txt', () => {
    const data = readFileSync(new URL('../../data/unicode/confusables.txt', import.meta.url), 'utf8');
    expect(data).toMatch(/^# Version: 16\.0\.0$/m);
    expect(data).toMatch(/terms_of_use/);
    expect(skeleton('\u0430')).toBe('a'); // Cyrillic а → Latin a
    expect(skeleton('раураl')).toBe(skeleton('paypal')); // Cyrillic р а у
    expect('раураl').toBe('\u0440\u0430\u0443\u0440\u0430l'); // really Cyrillic, not Latin
  });

  it('rule: skeleton maps each code point to its prototype, which may be several code points (m → rn)', () => {
    expect(skeleton('m')).toBe('rn');
    expect(skeleton('0')).toBe('O');
    expect(skeleton('1')).toBe('l');
  });

  it('rule: skeleton works on NFD, so precomposed and decomposed forms agree', () => {
    expect(skeleton('\u00e9')).toBe(skeleton('e\u0301'));
    expect(skeleton('\u00e9')).toBe(skeleton('\u00e9').normalize('NFD'));
  });

  it('rule: skeleton drops default-ignorable code points (UTS #39 since 15.1)', () => {
    expect(skeleton('ab\u200bc\u00ad')).toBe(skeleton('abc'));
  });

  it('rule: characters without a confusable mapping are kept', () => {
    expect(skeleton('abc')).toBe('abc');
  });
});

describe('look-alike key', () => {
  it('rule: BuilderBob, Bui1derBob and BuilderB0b share one key (1 → l, 0 → O)', () => {
    const key = lookalikeKey('BuilderBob');
    expect(lookalikeKey('Bui1derBob')).toBe(key);
    expect(lookalikeKey('BuilderB0b')).toBe(key);
  });

  it('rule: modern and rnodern share one key (m → rn)', () => {
    expect(lookalikeKey('modern')).toBe(lookalikeKey('rnodern'));
    expect(lookalikeKey('modem')).toBe(lookalikeKey('rnodern')); // its final m is rn too
  });

  it('rule: names differing only in case share one key', () => {
    expect(lookalikeKey('RosyRose')).toBe(lookalikeKey('rosyrose'));
    expect(lookalikeKey('ROSYROSE')).toBe(lookalikeKey('rosyrose'));
  });

  it('rule: different names have different keys', () => {
    expect(lookalikeKey('alice')).not.toBe(lookalikeKey('bob'));
    expect(lookalikeKey('modern')).not.toBe(lookalikeKey('model'));
  });

  it('rule: the key uses full case folding (ß, ẞ and ss agree; ſ and s agree)', () => {
    expect(lookalikeKey('Stra\u00dfe')).toBe(lookalikeKey('STRASSE'));
    expect(lookalikeKey('STRA\u1e9eE')).toBe(lookalikeKey('strasse'));
    expect(lookalikeKey('\u017fam')).toBe(lookalikeKey('sam'));
  });

  it('rule: scripts mixed to imitate Latin share the Latin key', () => {
    expect(lookalikeKey('PayPal')).toBe(lookalikeKey('\u0420\u0430\u0443\u0420\u0430l'));
  });
});

describe('look-alike pairs: a conflict when either key matches', () => {
  it.each([
    ['BuilderBobQ', 'Bui1derBobQ', true], // 1 → l
    ['BuilderBobQ', 'BuiIderBobQ', true], // capital I → l: only the cased key sees it
    ['Bui1derBobQ', 'BuiIderBobQ', true],
    ['BuilderBobQ', 'BuilderB0bQ', true], // 0 → O
    ['BuilderBobQ', 'BUILDERBOBQ', true], // case alone
    ['Modern', 'rnodern', true], // m → rn applies to the small letter: only the folded key sees it
    ['modern', 'rnodern', true],
    ['IIama', 'llama', true],
    ['paypal', 'PayPal', true],
    ['BuilderBobQ', 'BuilderBobR', false],
    ['modern', 'model', false],
    ['alice', 'bob', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(looksAlike(a, b)).toBe(expected);
    expect(looksAlike(b, a)).toBe(expected);
  });

  it('the capital-I pair is caught by the cased key, the m/rn pair by the folded key', () => {
    expect(lookalikeKeys('BuiIderBobQ').folded).not.toBe(lookalikeKeys('BuilderBobQ').folded);
    expect(lookalikeKeys('BuiIderBobQ').cased).toBe(lookalikeKeys('BuilderBobQ').cased);
    expect(lookalikeKeys('Modern').cased).not.toBe(lookalikeKeys('rnodern').cased);
    expect(lookalikeKeys('Modern').folded).toBe(lookalikeKeys('rnodern').folded);
  });
});
