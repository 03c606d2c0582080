import type { ImportedPassword } from '../../../domain/imported-password.js';
import type { ImportedIdentity, ParsedRow } from '../record.js';
import { splitDisplayName } from './display-name.js';
import { IdentityList } from './identity-list.js';
import { JsonFields } from './json-fields.js';
import type { JsonObject } from './json-record.js';
import { mapRow, RowProblem } from './row-problem.js';
import { auth0Connection } from './social-providers.js';

const AUTH0_SALT_ENCODINGS: ReadonlyMap<string, string> = new Map([['utf8', 'string']]);

/** Auth0's password-hash export (from a support request) has `_id.$oid` instead of `user_id`; the two relate so. */
function providedIdOf(user: JsonFields): string | null {
  const userId = user.id('user_id');
  if (userId !== null) return userId;
  const oid = user.objectAt('_id')?.['$oid'];
  return typeof oid === 'string' && oid.trim() !== '' ? `auth0|${oid}` : null;
}

/**
 * `name` is used only when Auth0 has neither given_name nor family_name, and only when it looks like a name: Auth0
 * fills it with the email for database users and with the phone number for SMS users.
 */
function namesOf(user: JsonFields): { firstName: string | null; lastName: string | null } {
  const firstName = user.text('given_name');
  const lastName = user.text('family_name');
  const name = user.text('name');
  if (firstName !== null || lastName !== null) return { firstName, lastName };
  const looksLikeName = name !== null && !name.includes('@') && /\p{L}/u.test(name);
  return looksLikeName ? splitDisplayName(name) : { firstName: null, lastName: null };
}

/**
 * Email, phone and username come from the user's own fields, whatever connection they belong to. Social
 * identities come from `identities`, or, when an export left that out, from the provider prefix of `user_id`.
 */
function identitiesOf(user: JsonFields, providedId: string | null, ignored: string[]): ImportedIdentity[] {
  const list = new IdentityList();
  const email = user.text('email');
  const phone = user.text('phone_number');
  const username = user.text('username');
  const emailVerified = user.flag('email_verified') ?? false;
  const phoneVerified = user.flag('phone_verified') ?? false;
  if (email !== null) list.add({ type: 'email', value: email, isVerified: emailVerified, field: 'email' });
  if (phone !== null) list.add({ type: 'phone', value: phone, isVerified: phoneVerified, field: 'phone_number' });
  if (username !== null) list.add({ type: 'username', value: username, isVerified: true, field: 'username' });
  const entries = user.objects('identities');
  for (const entry of entries) {
    const connectionName = entry.text('connection');
    const provider = entry.text('provider');
    const connection = auth0Connection(connectionName, provider);
    entry.flag('isSocial');
    if (connection.kind === 'unknown') {
      ignored.push(`${entry.location} (connection "${connectionName ?? provider ?? ''}")`);
      continue;
    }
    const subject = entry.id('user_id');
    if (connection.kind === 'social') {
      if (subject === null) throw new RowProblem(entry.name('user_id'), 'Required for a social identity');
      const connectionId = connectionName ?? provider ?? connection.type;
      list.add({ type: connection.type, value: subject, isVerified: true, connectionId, field: entry.name('user_id') });
    }
    ignored.push(...entry.unusedKeys());
  }
  const topConnection = user.text('connection');
  if (topConnection !== null && auth0Connection(topConnection, null).kind === 'unknown') {
    ignored.push(`connection "${topConnection}"`);
  }
  if (entries.length === 0 && providedId !== null) {
    const bar = providedId.indexOf('|');
    const provider = providedId.slice(0, Math.max(bar, 0));
    const connection = auth0Connection(null, provider);
    if (bar > 0 && connection.kind === 'social') {
      list.add({ type: connection.type, value: providedId.slice(bar + 1), isVerified: true, connectionId: provider, field: 'user_id' });
    }
  }
  if (list.length === 0) {
    throw new RowProblem('identities', 'The user has no email, phone, username or supported social identity');
  }
  return list.toArray();
}

/** Roster, like Kinde, takes digests in hex; Auth0 also allows base64, which is re-encoded here. */
function hashValue(hash: JsonFields): string {
  const value = hash.text('value');
  if (value === null) throw new RowProblem(hash.name('value'), 'Required');
  const encoding = hash.text('encoding');
  if (encoding === null || encoding === 'hex') return value;
  if (encoding === 'base64') return Buffer.from(value, 'base64').toString('hex');
  throw new RowProblem(hash.name('encoding'), `Roster takes a hash encoded as hex or base64, not "${encoding}"`);
}

function passwordOf(user: JsonFields, ignored: string[]): ImportedPassword | null {
  const bcrypt = user.text('passwordHash');
  if (bcrypt !== null) {
    if (user.has('custom_password_hash')) ignored.push('custom_password_hash');
    return { hashing_method: 'bcrypt', hashed_password: bcrypt };
  }
  const custom = user.objectAt('custom_password_hash');
  if (custom === null) return null;
  const fields = new JsonFields(custom, 'custom_password_hash.');
  const algorithm = fields.text('algorithm');
  if (algorithm === null) throw new RowProblem(fields.name('algorithm'), 'Required');
  const hash = new JsonFields(fields.objectAt('hash') ?? {}, 'custom_password_hash.hash.');
  const value = hashValue(hash);
  const saltObject = fields.objectAt('salt');
  const salt = saltObject === null ? null : new JsonFields(saltObject, 'custom_password_hash.salt.');
  const encoding = salt?.text('encoding') ?? null;
  const password: ImportedPassword = {
    hashing_method: algorithm,
    hashed_password: value,
    salt: salt?.text('value') ?? null,
    salt_position: salt?.text('position') ?? null,
    salt_format: encoding === null ? null : (AUTH0_SALT_ENCODINGS.get(encoding) ?? encoding),
  };
  ignored.push(...fields.unusedKeys(), ...hash.unusedKeys(), ...(salt?.unusedKeys() ?? []));
  return password;
}

/**
 * One Auth0 user, from Auth0's user export (NDJSON or a JSON array) or its password-hash export. The provided id is
 * Auth0's `user_id`.
 */
export function mapAuth0User(object: JsonObject, row: number): ParsedRow {
  return mapRow(row, () => {
    const user = new JsonFields(object);
    const nestedIgnored: string[] = [];
    const providedId = providedIdOf(user);
    const identities = identitiesOf(user, providedId, nestedIgnored);
    const password = passwordOf(user, nestedIgnored);
    const names = namesOf(user);
    return {
      row,
      providedId,
      ...names,
      picture: user.text('picture'),
      identities,
      password,
      ignored: [...user.unusedKeys(), ...nestedIgnored],
    };
  });
}
