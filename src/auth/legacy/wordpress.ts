import { createHmac } from 'node:crypto';
import { verifyBcrypt } from './bcrypt.js';

/** PHP's trim(): only these characters, unlike String.prototype.trim. */
// eslint-disable-next-line no-control-regex -- PHP's trim strips the vertical tab (\x0B) by definition
export const phpTrim = (text: string) => text.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '');

/**
 * WordPress 6.8's `$wp$2y$…`: bcrypt over base64(HMAC-SHA384(key "wp-sha384", password)), so passwords longer than
 * bcrypt's 72 bytes keep their entropy. WordPress trims the password at sign-in (wp_authenticate), so do we.
 */
export async function verifyWordpressBcrypt(hash: string, password: string): Promise<boolean> {
  if (!hash.startsWith('$wp$')) return false;
  const prehashed = createHmac('sha384', 'wp-sha384').update(phpTrim(password), 'utf8').digest('base64');
  return verifyBcrypt(hash.slice(3), prehashed);
}
