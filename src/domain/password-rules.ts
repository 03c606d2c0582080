import { dictionary } from '@zxcvbn-ts/language-common';
import { invalid } from './errors.js';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

const COMMON = new Set((dictionary['passwords-common'] as string[]).map((word) => word.toLowerCase()));

/** Length is counted in code points, so an emoji is one character as a person counts it, not two. */
export const passwordLength = (password: string) => [...password].length;

export const isCommonPassword = (password: string) => COMMON.has(password.toLowerCase());

/** Kinde's rules for a new password: 8 characters or more, and not one of the most common passwords. */
export function assertAcceptablePassword(password: string, field = 'password'): void {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) throw invalid('PASSWORD_TOO_SHORT', `Use at least ${PASSWORD_MIN_LENGTH} characters`, field);
  if (length > PASSWORD_MAX_LENGTH) throw invalid('PASSWORD_TOO_LONG', `Use at most ${PASSWORD_MAX_LENGTH} characters`, field);
  if (isCommonPassword(password))
    throw invalid('PASSWORD_TOO_COMMON', 'This password is one of the most common ones; choose another', field);
}
