import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addIdentity, createUser, UNKNOWN_IDENTITY_ID, UNKNOWN_USER_ID } from '../support/factories.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';
import { snapshot } from '../support/snapshot.js';

// Malformed requests, one row each: every one is refused with a specific 4xx and Kinde error code, in JSON, and
// leaves the database exactly as it was (users, identities and the audit trail).

interface Fixture {
  userId: string;
  /** Ann's primary email, ann@example.com. */
  emailId: string;
  /** Ann's second, non-primary email. */
  secondEmailId: string;
  usernameId: string;
}

interface BadRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: (f: Fixture) => string;
  /** Encoded with JSON.stringify and sent as application/json. */
  json?: unknown;
  /** Sent byte for byte, with `contentType` (none when null). */
  raw?: string | Uint8Array<ArrayBuffer>;
  contentType?: string | null;
  status: number;
  code: string;
  /** The `field` the error must name. */
  field?: string;
}

const user = (f: Fixture) => `/api/v1/user?id=${f.userId}`;
const addTo = (f: Fixture) => `/api/v1/users/${f.userId}/identities`;
const identity = (f: Fixture) => `/api/v1/identities/${f.secondEmailId}`;
const primaryEmail = (f: Fixture) => `/api/v1/identities/${f.emailId}`;
const createUserPath = () => '/api/v1/user';
const at = (path: string) => () => path;

const email = (value: string) => ({ type: 'email', details: { email: value } });
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)));
const cursor = (text: string) => Buffer.from(text).toString('base64url');
const MiB = 1024 * 1024;

const CASES: Record<string, BadRequest> = {
  // Wrong JSON types: never coerced.
  'is_primary as the string "true"': {
    method: 'PATCH',
    path: identity,
    json: { is_primary: 'true' },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'is_primary',
  },
  'is_primary as null': {
    method: 'PATCH',
    path: identity,
    json: { is_primary: null },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'is_primary',
  },
  'is_primary as 1': {
    method: 'PATCH',
    path: identity,
    json: { is_primary: 1 },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'is_primary',
  },
  'identity value as a number': {
    method: 'POST',
    path: addTo,
    json: { type: 'email', value: 123 },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'value',
  },
  'replacement value as a number': {
    method: 'POST',
    path: (f) => `${identity(f)}/replace`,
    json: { value: 123 },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'value',
  },
  'replacement with a type (the old identity decides it)': {
    method: 'POST',
    path: (f) => `${identity(f)}/replace`,
    json: { value: 'new@example.com', type: 'username' },
    status: 400,
    code: 'INVALID_REQUEST',
  },
  'replacement email with a zero-width space': {
    method: 'POST',
    path: (f) => `${primaryEmail(f)}/replace`,
    json: { value: 'ann\u200b@example.com' },
    status: 400,
    code: 'INVALID_EMAIL',
    field: 'value',
  },
  'replacement is_verified as a string': {
    method: 'POST',
    path: (f) => `${identity(f)}/replace`,
    json: { value: 'new@example.com', is_verified: 'yes' },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'is_verified',
  },
  'sessions of a malformed user id': {
    method: 'DELETE',
    path: at('/api/v1/users/kp_ZZZ/sessions'),
    status: 400,
    code: 'INVALID_REQUEST',
  },
  'identity type as an array': {
    method: 'POST',
    path: addTo,
    json: { type: ['email'], value: 'new@example.com' },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'type',
  },
  'identities as an object': {
    method: 'POST',
    path: createUserPath,
    json: { identities: {} },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'identities',
  },
  'profile as an array': {
    method: 'POST',
    path: createUserPath,
    json: { profile: [] },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'profile',
  },
  'details.email as a number': {
    method: 'POST',
    path: createUserPath,
    json: { identities: [{ type: 'email', details: { email: 5 } }] },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'identities[0].details.email',
  },
  'is_suspended as "yes"': {
    method: 'PATCH',
    path: user,
    json: { is_suspended: 'yes' },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'is_suspended',
  },
  'given_name as null': {
    method: 'PATCH',
    path: user,
    json: { given_name: null },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'given_name',
  },
  'a JSON array as the body': { method: 'PATCH', path: user, json: [{ given_name: 'Ann' }], status: 400, code: 'INVALID_REQUEST' },
  'a JSON string as the body': { method: 'POST', path: addTo, json: 'email', status: 400, code: 'INVALID_REQUEST' },
  'JSON null as the body': {
    method: 'PATCH',
    path: user,
    raw: 'null',
    contentType: 'application/json',
    status: 400,
    code: 'INVALID_REQUEST',
  },

  // Missing fields.
  'add identity without value': {
    method: 'POST',
    path: addTo,
    json: { type: 'email' },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'value',
  },
  'add identity without type': {
    method: 'POST',
    path: addTo,
    json: { value: 'new@example.com' },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'type',
  },
  'add identity with no body': { method: 'POST', path: addTo, status: 400, code: 'INVALID_REQUEST' },
  'GET /user without id': { method: 'GET', path: at('/api/v1/user'), status: 400, code: 'INVALID_REQUEST', field: 'id' },
  'PATCH /user without id': {
    method: 'PATCH',
    path: at('/api/v1/user'),
    json: { given_name: 'Ann' },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'id',
  },
  'DELETE /user without id': { method: 'DELETE', path: at('/api/v1/user'), status: 400, code: 'INVALID_REQUEST', field: 'id' },
  'PATCH identity with an empty object': {
    method: 'PATCH',
    path: identity,
    json: {},
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'is_primary',
  },
  'PATCH /user with an empty object': { method: 'PATCH', path: user, json: {}, status: 400, code: 'NO_FIELDS_TO_UPDATE' },
  'create-user identity without details': {
    method: 'POST',
    path: createUserPath,
    json: { identities: [{ type: 'email' }] },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'identities[0].details.email',
  },
  'create-user identity without type': {
    method: 'POST',
    path: createUserPath,
    json: { identities: [{ details: { email: 'new@example.com' } }] },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'identities[0].type',
  },
  'create-user email identity carrying only a username': {
    method: 'POST',
    path: createUserPath,
    json: { identities: [{ type: 'email', details: { username: 'annie' } }] },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'identities[0].details.email',
  },

  // Unknown fields, top level and nested.
  'create-user with an unknown top-level field': {
    method: 'POST',
    path: createUserPath,
    json: { nickname: 'Annie' },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'nickname',
  },
  'create-user with profile.nickname': {
    method: 'POST',
    path: createUserPath,
    json: { profile: { nickname: 'Annie' } },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'profile.nickname',
  },
  'create-user with details.foo': {
    method: 'POST',
    path: createUserPath,
    json: { identities: [{ type: 'email', details: { email: 'new@example.com', foo: 1 } }] },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'identities[0].details.foo',
  },
  'add identity with an unknown field': {
    method: 'POST',
    path: addTo,
    json: { type: 'email', value: 'new@example.com', primary: true },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'primary',
  },
  'PATCH /user with email': {
    method: 'PATCH',
    path: user,
    json: { email: 'new@example.com' },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'email',
  },
  'PATCH identity with is_primary and name': {
    method: 'PATCH',
    path: identity,
    json: { is_primary: true, name: 'new@example.com' },
    status: 400,
    code: 'IDENTITY_IMMUTABLE',
    field: 'name',
  },
  'PATCH identity with only name': {
    method: 'PATCH',
    path: identity,
    json: { name: 'new@example.com' },
    status: 400,
    code: 'IDENTITY_IMMUTABLE',
    field: 'name',
  },
  'PATCH identity with only value': {
    method: 'PATCH',
    path: identity,
    json: { value: 'new@example.com' },
    status: 400,
    code: 'IDENTITY_IMMUTABLE',
    field: 'value',
  },
  'PATCH identity with is_confirmed': {
    method: 'PATCH',
    path: identity,
    json: { is_primary: true, is_confirmed: true },
    status: 400,
    code: 'IDENTITY_IMMUTABLE',
    field: 'is_confirmed',
  },
  'GET /user with an unknown query parameter': {
    method: 'GET',
    path: (f) => `${user(f)}&foo=1`,
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'foo',
  },
  'GET /users with an unknown query parameter': {
    method: 'GET',
    path: at('/api/v1/users?sort=name_asc&foo=1'),
    status: 400,
    code: 'INVALID_REQUEST',
  },

  // Sizes.
  'a body over 1 MiB': {
    method: 'POST',
    path: addTo,
    json: { type: 'email', value: 'a'.repeat(MiB) },
    status: 413,
    code: 'REQUEST_TOO_LARGE',
  },
  'a 300 KB given_name (max 255)': {
    method: 'PATCH',
    path: user,
    json: { given_name: 'a'.repeat(300_000) },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'given_name',
  },
  'a 300 KB identity value (max 320)': {
    method: 'POST',
    path: addTo,
    json: { type: 'username', value: 'a'.repeat(300_000) },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'value',
  },
  '21 identities on create-user (max 20)': {
    method: 'POST',
    path: createUserPath,
    json: { identities: Array.from({ length: 21 }, (_, i) => email(`bulk${i}@example.com`)) },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'identities',
  },

  // Bytes that are not JSON, or not UTF-8.
  'invalid UTF-8 (0xFF 0xFE) in a string': {
    method: 'POST',
    path: addTo,
    raw: bytes('{"type":"username","value":"ab', [0xff, 0xfe], '"}'),
    contentType: 'application/json',
    status: 400,
    code: 'INVALID_REQUEST',
  },
  'a truncated UTF-8 sequence (0xC3 0x28)': {
    method: 'POST',
    path: addTo,
    raw: bytes('{"type":"username","value":"ab', [0xc3, 0x28], '"}'),
    contentType: 'application/json',
    status: 400,
    code: 'INVALID_REQUEST',
  },
  'an overlong UTF-8 slash (0xC0 0xAF)': {
    method: 'POST',
    path: addTo,
    raw: bytes('{"type":"username","value":"ab', [0xc0, 0xaf], '"}'),
    contentType: 'application/json',
    status: 400,
    code: 'INVALID_REQUEST',
  },
  'a UTF-8-encoded lone surrogate (0xED 0xA0 0x80)': {
    method: 'POST',
    path: addTo,
    raw: bytes('{"type":"username","value":"ab', [0xed, 0xa0, 0x80], '"}'),
    contentType: 'application/json',
    status: 400,
    code: 'INVALID_REQUEST',
  },
  'a lone surrogate as a JSON escape in a username': {
    method: 'POST',
    path: addTo,
    raw: '{"type":"username","value":"ab\\ud800"}',
    contentType: 'application/json',
    status: 400,
    // Refused at the edge, with every other text input holding one, before the username rules run.
    code: 'INVALID_REQUEST',
    field: 'value',
  },
  'invalid JSON': {
    method: 'POST',
    path: addTo,
    raw: '{"type":"email",',
    contentType: 'application/json',
    status: 400,
    code: 'INVALID_REQUEST',
  },
  'JSON followed by garbage': {
    method: 'POST',
    path: addTo,
    raw: '{"type":"username","value":"garbage"}x',
    contentType: 'application/json',
    status: 400,
    code: 'INVALID_REQUEST',
  },
  'an empty body with a JSON content type (POST)': {
    method: 'POST',
    path: addTo,
    raw: '',
    contentType: 'application/json',
    status: 400,
    code: 'INVALID_REQUEST',
  },
  'an empty body with a JSON content type (PATCH)': {
    method: 'PATCH',
    path: user,
    raw: '',
    contentType: 'application/json',
    status: 400,
    code: 'INVALID_REQUEST',
  },
  '__proto__ at the top level': {
    method: 'POST',
    path: createUserPath,
    raw: '{"__proto__":{"provided_id":"polluted"}}',
    contentType: 'application/json',
    status: 400,
    code: 'INVALID_REQUEST',
  },
  '__proto__ inside profile': {
    method: 'POST',
    path: createUserPath,
    raw: '{"profile":{"__proto__":{"given_name":"polluted"}}}',
    contentType: 'application/json',
    status: 400,
    code: 'INVALID_REQUEST',
  },
  'constructor.prototype': {
    method: 'POST',
    path: createUserPath,
    raw: '{"constructor":{"prototype":{"provided_id":"polluted"}}}',
    contentType: 'application/json',
    status: 400,
    code: 'INVALID_REQUEST',
  },

  // Content types other than JSON.
  'a text/plain body holding JSON': {
    method: 'POST',
    path: addTo,
    raw: '{"type":"username","value":"plaintext"}',
    contentType: 'text/plain',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  'a form-encoded body': {
    method: 'POST',
    path: addTo,
    raw: 'type=username&value=formbody',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  'a form-encoded PATCH of a user': {
    method: 'PATCH',
    path: user,
    raw: 'given_name=Form',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  'a multipart body': {
    method: 'POST',
    path: addTo,
    raw: '--x\r\nContent-Disposition: form-data; name="type"\r\n\r\nusername\r\n--x--\r\n',
    contentType: 'multipart/form-data; boundary=x',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  'an XML body': {
    method: 'POST',
    path: addTo,
    raw: '<identity type="username">xml</identity>',
    contentType: 'application/xml',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  'a JSON body with no content type': {
    method: 'POST',
    path: addTo,
    raw: '{"type":"username","value":"nocontenttype"}',
    contentType: null,
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },

  // Invisible and look-alike characters: refused, never stripped.
  'a zero-width space in a username': {
    method: 'POST',
    path: addTo,
    json: { type: 'username', value: 'Rosy\u200BRose' },
    status: 400,
    code: 'INVALID_USERNAME',
  },
  'a zero-width space in an email': {
    method: 'POST',
    path: addTo,
    json: { type: 'email', value: 'ann\u200B@example.com' },
    status: 400,
    code: 'INVALID_EMAIL',
  },
  'a soft hyphen in an email': {
    method: 'POST',
    path: addTo,
    json: { type: 'email', value: 'an\u00ADn@example.com' },
    status: 400,
    code: 'INVALID_EMAIL',
  },
  'a soft hyphen in a username': {
    method: 'POST',
    path: addTo,
    json: { type: 'username', value: 'Rosy\u00ADRose' },
    status: 400,
    code: 'INVALID_USERNAME',
  },
  'a right-to-left override in an email': {
    method: 'POST',
    path: addTo,
    json: { type: 'email', value: '\u202Emoc.elpmaxe@nna' },
    status: 400,
    code: 'INVALID_EMAIL',
  },
  'a right-to-left override in a username': {
    method: 'POST',
    path: addTo,
    json: { type: 'username', value: 'Rosy\u202ERose' },
    status: 400,
    code: 'INVALID_USERNAME',
  },
  'a byte-order mark before an email': {
    method: 'POST',
    path: addTo,
    json: { type: 'email', value: '\uFEFFnew@example.com' },
    status: 400,
    code: 'INVALID_EMAIL',
  },
  'a full-width letter in an email (ａnn@example.com)': {
    method: 'POST',
    path: addTo,
    json: { type: 'email', value: '\uFF41nn@example.com' },
    status: 400,
    code: 'INVALID_EMAIL',
  },
  'a full-width @ in an email': {
    method: 'POST',
    path: addTo,
    json: { type: 'email', value: 'new\uFF20example.com' },
    status: 400,
    code: 'INVALID_EMAIL',
  },
  'full-width digits in a phone': {
    method: 'POST',
    path: addTo,
    json: { type: 'phone', value: '+\uFF16\uFF11412345679' },
    status: 400,
    code: 'INVALID_PHONE',
  },
  'a full-width username (ＲｏｓｙＲｏｓｅ)': {
    method: 'POST',
    path: addTo,
    json: { type: 'username', value: '\uFF32\uFF4F\uFF53\uFF59\uFF32\uFF4F\uFF53\uFF45' },
    status: 400,
    code: 'INVALID_USERNAME',
  },
  'a zero-width space in a create-user email': {
    method: 'POST',
    path: createUserPath,
    json: { identities: [email('new\u200B@example.com')] },
    status: 400,
    code: 'INVALID_EMAIL',
    field: 'identities[0].details.email',
  },
  'a right-to-left override in given_name': {
    method: 'PATCH',
    path: user,
    json: { given_name: 'An\u202En' },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'given_name',
  },
  'a zero-width space in a search query': {
    method: 'GET',
    path: at('/api/v1/search/users?query=ann%E2%80%8B'),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'query',
  },
  'a zero-width space in an email filter': {
    method: 'GET',
    path: at('/api/v1/users?email=ann%E2%80%8B%40example.com'),
    status: 400,
    code: 'INVALID_EMAIL',
  },

  // Phones.
  'a phone that is only "+"': { method: 'POST', path: addTo, json: { type: 'phone', value: '+' }, status: 400, code: 'INVALID_PHONE' },
  'a phone "+abc"': { method: 'POST', path: addTo, json: { type: 'phone', value: '+abc' }, status: 400, code: 'INVALID_PHONE' },
  'a phone "+ - ( )" with no digits': {
    method: 'POST',
    path: addTo,
    json: { type: 'phone', value: '+ - ( )' },
    status: 400,
    code: 'INVALID_PHONE',
  },
  'a phone too short for its country (+614)': {
    method: 'POST',
    path: addTo,
    json: { type: 'phone', value: '+614' },
    status: 400,
    code: 'INVALID_PHONE',
  },
  'a national phone with no phone_country_id': {
    method: 'POST',
    path: addTo,
    json: { type: 'phone', value: '0412345679' },
    status: 400,
    code: 'INVALID_PHONE',
  },
  'phone_country_id "zz"': {
    method: 'POST',
    path: addTo,
    json: { type: 'phone', value: '0412345679', phone_country_id: 'zz' },
    status: 400,
    code: 'INVALID_PHONE',
    field: 'phone_country_id',
  },
  'phone_country_id "aus"': {
    method: 'POST',
    path: addTo,
    json: { type: 'phone', value: '0412345679', phone_country_id: 'aus' },
    status: 400,
    code: 'INVALID_PHONE',
    field: 'phone_country_id',
  },
  'phone_country_id as a number': {
    method: 'POST',
    path: addTo,
    json: { type: 'phone', value: '0412345679', phone_country_id: 61 },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'phone_country_id',
  },

  // Malformed ids in paths and queries.
  'GET /user?id=kp_xyz': { method: 'GET', path: at('/api/v1/user?id=kp_xyz'), status: 400, code: 'INVALID_REQUEST', field: 'id' },
  'GET /user with upper-case hex in the id': {
    method: 'GET',
    path: at(`/api/v1/user?id=kp_${'A'.repeat(32)}`),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'id',
  },
  'GET /user with id given twice': {
    method: 'GET',
    path: (f) => `${user(f)}&id=${UNKNOWN_USER_ID}`,
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'id',
  },
  'PATCH /user?id=kp_xyz': {
    method: 'PATCH',
    path: at('/api/v1/user?id=kp_xyz'),
    json: { given_name: 'Ann' },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'id',
  },
  'DELETE /user?id=identity_…': {
    method: 'DELETE',
    path: at(`/api/v1/user?id=${UNKNOWN_IDENTITY_ID}`),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'id',
  },
  'GET /identities/identity_123': {
    method: 'GET',
    path: at('/api/v1/identities/identity_123'),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'identity_id',
  },
  'PATCH /identities/identity_123': {
    method: 'PATCH',
    path: at('/api/v1/identities/identity_123'),
    json: { is_primary: true },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'identity_id',
  },
  'DELETE /identities/<a user id>': {
    method: 'DELETE',
    path: (f) => `/api/v1/identities/${f.userId}`,
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'identity_id',
  },
  'POST /users/kp_xyz/identities': {
    method: 'POST',
    path: at('/api/v1/users/kp_xyz/identities'),
    json: { type: 'username', value: 'valid_name' },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'user_id',
  },
  'GET /users/kp_xyz/identities': {
    method: 'GET',
    path: at('/api/v1/users/kp_xyz/identities'),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'user_id',
  },
  'POST /users/kp_xyz/refresh_claims': {
    method: 'POST',
    path: at('/api/v1/users/kp_xyz/refresh_claims'),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'user_id',
  },
  'identities list starting_after=identity_123': {
    method: 'GET',
    path: (f) => `${addTo(f)}?starting_after=identity_123`,
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'starting_after',
  },
  'search starting_after=kp_xyz': {
    method: 'GET',
    path: at('/api/v1/search/users?starting_after=kp_xyz'),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'starting_after',
  },

  // Paging parameters.
  'users page_size=0': { method: 'GET', path: at('/api/v1/users?page_size=0'), status: 400, code: 'INVALID_REQUEST', field: 'page_size' },
  'users page_size=501': {
    method: 'GET',
    path: at('/api/v1/users?page_size=501'),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'page_size',
  },
  'users page_size=abc': {
    method: 'GET',
    path: at('/api/v1/users?page_size=abc'),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'page_size',
  },
  'users page_size=1.5': {
    method: 'GET',
    path: at('/api/v1/users?page_size=1.5'),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'page_size',
  },
  'identities page_size=0': {
    method: 'GET',
    path: (f) => `${addTo(f)}?page_size=0`,
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'page_size',
  },
  'identities page_size=501': {
    method: 'GET',
    path: (f) => `${addTo(f)}?page_size=501`,
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'page_size',
  },
  'search page_size=abc': {
    method: 'GET',
    path: at('/api/v1/search/users?page_size=abc'),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'page_size',
  },
  'identities list with both starting_after and ending_before': {
    method: 'GET',
    path: (f) => `${addTo(f)}?starting_after=${f.emailId}&ending_before=${f.usernameId}`,
    status: 400,
    code: 'TOO_MANY_PARAMETERS',
  },
  'search with both starting_after and ending_before': {
    method: 'GET',
    path: (f) => `/api/v1/search/users?starting_after=${f.userId}&ending_before=${UNKNOWN_USER_ID}`,
    status: 400,
    code: 'TOO_MANY_PARAMETERS',
  },
  'a next_token that is not base64url': {
    method: 'GET',
    path: at('/api/v1/users?next_token=%21%21%21'),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'next_token',
  },
  'a next_token wrapping a malformed id': {
    method: 'GET',
    path: at(`/api/v1/users?next_token=${cursor('after:kp_xyz')}`),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'next_token',
  },
  'a next_token wrapping a bare user id': {
    method: 'GET',
    path: at(`/api/v1/users?next_token=${cursor(UNKNOWN_USER_ID)}`),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'next_token',
  },
  'a next_token over 200 characters': {
    method: 'GET',
    path: at(`/api/v1/users?next_token=${'a'.repeat(201)}`),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'next_token',
  },
  'active_since that is not a date-time': {
    method: 'GET',
    path: at('/api/v1/users?active_since=yesterday'),
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'active_since',
  },

  // Identity types.
  'add a "social" identity': {
    method: 'POST',
    path: addTo,
    json: { type: 'social', value: 'google-oauth2|123' },
    status: 400,
    code: 'INVALID_IDENTITY_TYPE',
  },
  'add an "enterprise" identity': {
    method: 'POST',
    path: addTo,
    json: { type: 'enterprise', value: 'ann@corp.example.com' },
    status: 400,
    code: 'INVALID_IDENTITY_TYPE',
  },
  'add a "fax" identity': {
    method: 'POST',
    path: addTo,
    json: { type: 'fax', value: '+61212345678' },
    status: 400,
    code: 'INVALID_IDENTITY_TYPE',
  },
  'add an "EMAIL" identity (types are lower-case)': {
    method: 'POST',
    path: addTo,
    json: { type: 'EMAIL', value: 'new@example.com' },
    status: 400,
    code: 'INVALID_IDENTITY_TYPE',
  },
  'add an identity of type ""': {
    method: 'POST',
    path: addTo,
    json: { type: '', value: 'new@example.com' },
    status: 400,
    code: 'INVALID_IDENTITY_TYPE',
  },
  'create-user with a "fax" identity': {
    method: 'POST',
    path: createUserPath,
    json: { identities: [{ type: 'fax', details: { phone: '+61212345678' } }] },
    status: 400,
    code: 'INVALID_IDENTITY_TYPE',
    field: 'identities[0].type',
  },

  // Whole create-user requests refused: nothing of them is written.
  'create-user whose 2nd identity is a bad email': {
    method: 'POST',
    path: createUserPath,
    json: { profile: { given_name: 'Bea' }, identities: [email('bea@example.com'), email('bea@localhost')] },
    status: 400,
    code: 'INVALID_EMAIL',
    field: 'identities[1].details.email',
  },
  'create-user whose 2nd identity is an unsupported type': {
    method: 'POST',
    path: createUserPath,
    json: { identities: [email('bea@example.com'), { type: 'social', details: { email: 'bea@example.com' } }] },
    status: 400,
    code: 'INVALID_IDENTITY_TYPE',
    field: 'identities[1].type',
  },
  'create-user with one email twice, in different case': {
    method: 'POST',
    path: createUserPath,
    json: { identities: [email('Bea@Example.com'), email('bea@example.COM')] },
    status: 409,
    code: 'IDENTITY_ALREADY_EXISTS',
  },
  'create-user whose 2nd identity is an existing username in another case': {
    method: 'POST',
    path: createUserPath,
    json: { identities: [email('bea@example.com'), { type: 'username', details: { username: 'rOSYrOSE' } }] },
    status: 409,
    code: 'IDENTITY_ALREADY_EXISTS',
  },
  'create-user with a javascript: picture': {
    method: 'POST',
    path: createUserPath,
    json: { profile: { picture: 'javascript:alert(1)' }, identities: [email('bea@example.com')] },
    status: 400,
    code: 'INVALID_REQUEST',
    field: 'profile.picture',
  },
  'create-user with organization_code': {
    method: 'POST',
    path: createUserPath,
    json: { organization_code: 'org_123', identities: [email('bea@example.com')] },
    status: 400,
    code: 'ORGANIZATION_NOT_FOUND',
  },
  'add an email another user holds, in another case': {
    method: 'POST',
    path: (f) => `/api/v1/users/${f.userId}/identities`,
    json: { type: 'email', value: 'CARL@EXAMPLE.COM' },
    status: 409,
    code: 'IDENTITY_ALREADY_EXISTS',
  },

  // Well-formed but pointing at nothing.
  'PATCH an unknown identity': {
    method: 'PATCH',
    path: at(`/api/v1/identities/${UNKNOWN_IDENTITY_ID}`),
    json: { is_primary: true },
    status: 404,
    code: 'IDENTITY_NOT_FOUND',
  },
  'add an identity to an unknown user': {
    method: 'POST',
    path: at(`/api/v1/users/${UNKNOWN_USER_ID}/identities`),
    json: { type: 'username', value: 'orphan_name' },
    status: 404,
    code: 'USER_NOT_FOUND',
  },
  'PATCH is_primary false on a primary': {
    method: 'PATCH',
    path: primaryEmail,
    json: { is_primary: false },
    status: 400,
    code: 'PRIMARY_REQUIRED',
  },
};

async function sendCase(server: TestServer, f: Fixture, c: BadRequest) {
  const headers: Record<string, string> = { authorization: `Bearer ${await server.token()}` };
  const utf8 = (text: string) => new Uint8Array(Buffer.from(text));
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (c.json !== undefined) {
    body = utf8(JSON.stringify(c.json));
    headers['content-type'] = 'application/json';
  } else if (c.raw !== undefined) {
    // Bytes, not a string: fetch would otherwise add `text/plain;charset=UTF-8` on its own.
    body = typeof c.raw === 'string' ? utf8(c.raw) : c.raw;
    if (c.contentType) headers['content-type'] = c.contentType;
  }
  const response = await fetch(server.url + c.path(f), { method: c.method, headers, body });
  const text = await response.text();
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, contentType: response.headers.get('content-type'), body: parsed };
}

describe(`malformed requests are refused and change nothing (${ENGINE})`, () => {
  let server: TestServer;
  let fixture: Fixture;
  beforeAll(async () => {
    server = await startServer();
    const userId = await createUser(server, { email: 'ann@example.com', username: 'RosyRose', phone: '+61412345678' });
    await createUser(server, { email: 'carl@example.com' });
    const secondEmailId = await addIdentity(server, userId, { type: 'email', value: 'ann.two@example.com' });
    const listed = await server.api('GET', `/api/v1/users/${userId}/identities`);
    const idOf = (type: string) =>
      listed.body.identities.find((i: { type: string; is_primary: boolean }) => i.type === type && i.is_primary).id as string;
    fixture = { userId, emailId: idOf('email'), secondEmailId, usernameId: idOf('username') };
  });
  afterAll(() => server.close());

  it.each(Object.entries(CASES))('%s', async (_name, c) => {
    const before = await snapshot(server.roster.database.db);
    const sent = await sendCase(server, fixture, c);
    const after = await snapshot(server.roster.database.db);

    expect({ status: sent.status, code: sent.body?.errors?.[0]?.code }, JSON.stringify(sent.body).slice(0, 500)).toEqual({
      status: c.status,
      code: c.code,
    });
    expect(sent.contentType).toContain('application/json');
    expect(sent.body.errors[0].message).toEqual(expect.any(String));
    if (c.field !== undefined) expect(sent.body.errors[0].field).toBe(c.field);
    expect(after).toEqual(before);
  });

  it('leaves Object.prototype clean after the pollution attempts', () => {
    expect(({} as Record<string, unknown>).provided_id).toBeUndefined();
    expect(({} as Record<string, unknown>).given_name).toBeUndefined();
  });
});
