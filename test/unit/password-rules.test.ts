import { describe, expect, it } from 'vitest';
import { RosterError } from '../../src/domain/errors.js';
import { assertAcceptablePassword, isCommonPassword, passwordLength, PASSWORD_MAX_LENGTH } from '../../src/domain/password-rules.js';

const refusal = (password: string) => {
  try {
    assertAcceptablePassword(password);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(RosterError);
    return { code: (error as RosterError).code, field: (error as RosterError).field, status: (error as RosterError).status };
  }
};

describe('password rules', () => {
  it('refuses fewer than 8 characters, counting code points', () => {
    expect(refusal('abc1234')).toEqual({ code: 'PASSWORD_TOO_SHORT', field: 'password', status: 400 });
    // Seven emoji are fourteen UTF-16 units but seven characters.
    expect(passwordLength('😀'.repeat(7))).toBe(7);
    expect(refusal('😀'.repeat(7))?.code).toBe('PASSWORD_TOO_SHORT');
    expect(refusal('😀'.repeat(8))).toBeUndefined();
  });

  it('refuses passwords longer than the cap', () => {
    expect(refusal('a1b2c3d4'.repeat(PASSWORD_MAX_LENGTH / 8) + 'x')?.code).toBe('PASSWORD_TOO_LONG');
    expect(refusal('q7'.repeat(PASSWORD_MAX_LENGTH / 2))).toBeUndefined();
  });

  it('refuses common passwords whatever their case', () => {
    for (const common of ['password', 'PASSWORD', 'Password1', 'qwertyuiop', '12345678', 'iloveyou']) {
      expect(isCommonPassword(common), common).toBe(true);
      expect(refusal(common)?.code, common).toBe('PASSWORD_TOO_COMMON');
    }
  });

  it('accepts an ordinary long password', () => {
    expect(refusal('correct horse battery staple')).toBeUndefined();
    expect(isCommonPassword('correct horse battery staple')).toBe(false);
  });
});
