import { describe, expect, it } from 'vitest';
import { assertDisplayText } from '../../src/domain/identifiers.js';

const check = (value: string) => () => assertDisplayText(value, 'given_name', 'INVALID_REQUEST');

describe('profile names', () => {
  it('allow joiners and variation selectors that spell real names and emoji', () => {
    expect(check('می‌خواهم')).not.toThrow(); // Persian, with a zero-width non-joiner
    expect(check('👨‍👩‍👧 ❤️')).not.toThrow();
    expect(check('Zoë O’Brien')).not.toThrow();
  });

  it.each([
    ['a control character', 'Ann\u0007'],
    ['a line separator', 'Ann\u2028Lee'],
    ['a right-to-left override', 'Ann\u202Egnp.exe'],
    ['the replacement character left by invalid UTF-8', 'Ann\uFFFD'],
    ['an unassigned code point', 'Ann\u{E0080}'],
  ])('refuse %s', (_what, value) => {
    expect(check(value)).toThrowError(expect.objectContaining({ status: 400, code: 'INVALID_REQUEST', field: 'given_name' }));
  });
});
