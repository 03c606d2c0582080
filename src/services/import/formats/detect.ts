import type { ImportFormatName } from '../record.js';

const AUTH0_KEYS = ['user_id', 'connection', 'isSocial', '$oid', 'given_name', 'family_name', 'phone_number', 'custom_password_hash'];
const KINDE_KEYS = ['identity', 'first_name', 'last_name', 'hashing_algorithm', 'external_id', 'feature_flags', 'organizations'];
const FIREBASE_KEYS = ['localId', 'passwordHash', 'providerUserInfo', 'emailVerified', 'displayName'];

/** Every key in a piece of JSON text, found by pattern so that a head cut mid-object still shows its keys. */
function keysIn(text: string): Set<string> {
  const keys = new Set<string>();
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"\s*:/g)) keys.add(match[1]!);
  return keys;
}

const hasAny = (keys: Set<string>, wanted: readonly string[]) => wanted.some((key) => keys.has(key));

function detectJson(text: string): ImportFormatName | undefined {
  if (/^\{\s*"users"\s*:\s*\[/.test(text)) return 'firebase';
  const firstLine = text.startsWith('[') ? text : text.split('\n', 1)[0]!;
  const keys = keysIn(firstLine);
  if (hasAny(keys, AUTH0_KEYS)) return 'auth0';
  if (text.startsWith('{') && hasAny(keys, KINDE_KEYS)) return 'kinde-ndjson';
  if (text.startsWith('{') && keys.has('identities')) return 'kinde-ndjson';
  if (hasAny(keys, FIREBASE_KEYS) && text.includes('"users"')) return 'firebase';
  return undefined;
}

function detectCsv(text: string): ImportFormatName | undefined {
  const header = text.split(/\r?\n/, 1)[0]!;
  const names = header.split(',').map((name) => name.trim().replace(/^"|"$/g, '').trim().toLowerCase());
  return names.includes('email') || names.includes('phone') ? 'kinde-csv' : undefined;
}

/**
 * Guesses the format from the first few KB of a file: `{"users":[` is Firebase; JSON whose first record has Auth0's
 * keys (user_id, connection…) is Auth0; one object per line with Kinde's keys (identities, first_name…) is Kinde
 * NDJSON; a first line naming an email or phone column is Kinde CSV. The file name decides only when the content
 * does not (a `.csv` is then Kinde CSV, so that parsing reports what its header lacks).
 */
export function detectFormat(head: Buffer, fileName?: string): ImportFormatName | undefined {
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  const fromContent = text.startsWith('{') || text.startsWith('[') ? detectJson(text) : text === '' ? undefined : detectCsv(text);
  if (fromContent !== undefined) return fromContent;
  return fileName !== undefined && /\.csv$/i.test(fileName) ? 'kinde-csv' : undefined;
}
