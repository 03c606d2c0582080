import { CONTACT_TYPES_IN_WORDS, isContactType } from '../../../domain/identity-types.js';
import type { ImportedPassword } from '../../../domain/imported-password.js';
import type { ImportedIdentity, ParsedRow } from '../record.js';
import { IdentityList } from './identity-list.js';
import { JsonFields, isPresent } from './json-fields.js';
import { isJsonObject, type JsonObject } from './json-record.js';
import { mapRow, RowProblem } from './row-problem.js';

function requiredText(fields: JsonFields, key: string): string {
  const value = fields.text(key);
  if (value === null) throw new RowProblem(fields.name(key), 'Required');
  return value;
}

function identityFrom(fields: JsonFields): ImportedIdentity {
  const type = requiredText(fields, 'type');
  const value = requiredText(fields, 'identity');
  const provider = fields.text('provider');
  let isVerified = fields.flag('is_verified') ?? !isContactType(type);
  // A username is confirmed when it is made; Kinde's export has no is_verified, and a social sign-in proved the subject.
  if (type === 'username') isVerified = true;
  const identity: ImportedIdentity = { type, value, isVerified, field: fields.name('identity') };
  if (fields.flag('is_primary') === true) identity.wantsPrimary = true;
  if (!isContactType(type) && provider !== null) identity.connectionId = provider;
  return identity;
}

/**
 * The top-level email, phone and username of Kinde's export come first, as each type's primary; `identities`
 * entries follow. Kinde's export has no per-identity verification, so its `email_verified` applies to the
 * top-level email.
 */
function identitiesOf(user: JsonFields, ignored: string[]): ImportedIdentity[] {
  const list = new IdentityList();
  const email = user.text('email');
  const phone = user.text('phone');
  const username = user.text('username');
  const emailVerified = user.flag('email_verified') ?? false;
  const phoneVerified = user.flag('phone_verified') ?? false;
  if (email !== null) list.add({ type: 'email', value: email, isVerified: emailVerified, field: 'email' });
  if (phone !== null) list.add({ type: 'phone', value: phone, isVerified: phoneVerified, field: 'phone' });
  if (username !== null) list.add({ type: 'username', value: username, isVerified: true, field: 'username' });
  for (const entry of user.objects('identities')) {
    list.add(identityFrom(entry));
    ignored.push(...entry.unusedKeys());
  }
  if (list.length === 0) {
    throw new RowProblem('identities', `The user has no identity: give at least one in identities (or ${CONTACT_TYPES_IN_WORDS})`);
  }
  return list.toArray();
}

/** Fields of a password that belong to one hashing method only. */
const METHOD_FIELDS: Readonly<Record<string, readonly string[]>> = {
  pbkdf2: ['iterations', 'variant'],
  'firebase-scrypt': ['signer_key', 'salt_separator', 'rounds', 'mem_cost'],
};
const METHOD_SPECIFIC: ReadonlySet<string> = new Set(Object.values(METHOD_FIELDS).flat());
const TEXT_FIELDS = ['variant', 'signer_key', 'salt_separator'] as const;
const COUNT_FIELDS = ['iterations', 'rounds', 'mem_cost'] as const;

/**
 * Kinde's import puts salt details on `password`; its export puts them in `password.hashing_config`, whose shape is
 * undocumented, so from there only the salt fields and the fields of the password's own method are taken.
 */
function passwordOf(user: JsonFields, ignored: string[]): ImportedPassword | null {
  const object = user.objectAt('password');
  if (object === null) return null;
  const fields = new JsonFields(object, 'password.');
  const hashed = fields.text('hashed_password');
  if (hashed === null) {
    ignored.push(...fields.unusedKeys());
    return null;
  }
  const method = fields.text('hashing_algorithm') ?? fields.text('hashing_method');
  if (method === null) throw new RowProblem('password.hashing_algorithm', 'A hashed_password needs a hashing_algorithm');
  const rawConfig = fields.raw('hashing_config');
  const config = isJsonObject(rawConfig) ? new JsonFields(rawConfig, 'password.hashing_config.') : null;
  if (config === null && isPresent(rawConfig)) ignored.push('password.hashing_config');
  const fromConfig = (key: string) => config !== null && (!METHOD_SPECIFIC.has(key) || METHOD_FIELDS[method]?.includes(key) === true);
  const text = (key: string) => fields.text(key) ?? (fromConfig(key) ? config!.text(key) : null);
  const count = (key: string) => fields.count(key) ?? (fromConfig(key) ? config!.count(key) : undefined);
  const password: ImportedPassword = {
    hashing_method: method,
    hashed_password: hashed,
    salt: text('salt'),
    salt_position: text('salt_position'),
    salt_format: text('salt_format'),
  };
  for (const key of TEXT_FIELDS) {
    const value = text(key);
    if (value !== null) password[key] = value;
  }
  for (const key of COUNT_FIELDS) {
    const value = count(key);
    if (value !== undefined) password[key] = value;
  }
  ignored.push(...fields.unusedKeys(), ...(config?.unusedKeys() ?? []));
  return password;
}

/**
 * One line of Kinde's NDJSON import, or of Kinde's (and Roster's) `users.ndjson` export. In the export `id` is the
 * Kinde user id and `external_id` the provided id, so `external_id` wins when both are set; the import's `id` is
 * the provided id.
 */
export function mapKindeUser(object: JsonObject, row: number): ParsedRow {
  return mapRow(row, () => {
    const user = new JsonFields(object);
    const nestedIgnored: string[] = [];
    const externalId = user.id('external_id');
    const id = user.id('id');
    const identities = identitiesOf(user, nestedIgnored);
    const password = passwordOf(user, nestedIgnored);
    const names = { firstName: user.text('first_name'), lastName: user.text('last_name'), picture: user.text('picture') };
    const overriddenId = externalId !== null && id !== null ? ['id'] : [];
    return {
      row,
      providedId: externalId ?? id,
      ...names,
      identities,
      password,
      ignored: [...overriddenId, ...user.unusedKeys(), ...nestedIgnored],
    };
  });
}
