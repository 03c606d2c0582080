import { describe, expect, test } from 'vitest';
import { parseImport } from '../../src/services/import/formats/index.js';
import type { ParsedRow } from '../../src/services/import/record.js';
import { chunks, collect, fixtureStream as fixture } from './format-support.js';

const lines = (...objects: unknown[]) => collect(parseImport(chunks(objects.map((o) => JSON.stringify(o)).join('\n')), 'auth0'));

describe('Auth0', () => {
  test('reads the user and password-hash exports from NDJSON (BOM, CRLF, blank line, unicode) line by line', async () => {
    expect(await collect(parseImport(fixture('auth0-users.ndjson'), 'auth0'))).toStrictEqual([
      {
        ok: true,
        user: {
          row: 1,
          providedId: 'auth0|5f1a2b3c',
          firstName: 'Ann',
          lastName: 'Smith',
          picture: 'https://s.gravatar.com/avatar/ann.png',
          identities: [
            { type: 'email', value: 'ann@example.com', isVerified: true, field: 'email' },
            { type: 'username', value: 'ann_s', isVerified: true, field: 'username' },
          ],
          password: {
            hashing_method: 'bcrypt',
            hashed_password: '$2b$10$abcdefghijklmnopqrstuu5Fz0eSVKxHnRkL1BtVNi1bAD3mcx5vS',
          },
          ignored: ['nickname', 'created_at', 'user_metadata'],
        },
      },
      {
        ok: true,
        user: {
          row: 2,
          providedId: 'google-oauth2|1098765',
          firstName: 'Zoë',
          lastName: "Ó'Brien",
          picture: 'https://lh3.googleusercontent.com/a/zoe',
          identities: [
            { type: 'email', value: 'zoë@gmail.com', isVerified: true, field: 'email' },
            {
              type: 'oauth2:google',
              value: '1098765',
              isVerified: true,
              connectionId: 'google-oauth2',
              field: 'identities[0].user_id',
            },
          ],
          password: null,
          ignored: ['identities[0].access_token'],
        },
      },
      {
        ok: true,
        user: {
          row: 3,
          providedId: 'github|123456',
          firstName: 'Mary Jane',
          lastName: 'Watson',
          picture: null,
          identities: [
            { type: 'email', value: 'mj@example.com', isVerified: false, field: 'email' },
            {
              type: 'oauth2:github',
              value: '123456',
              isVerified: true,
              connectionId: 'github',
              field: 'identities[0].user_id',
            },
          ],
          password: null,
          ignored: ['identities[1].profileData'],
        },
      },
      {
        ok: true,
        user: {
          row: 5,
          providedId: 'sms|5f9e8d7c',
          firstName: null,
          lastName: null,
          picture: null,
          identities: [{ type: 'phone', value: '+61412345678', isVerified: true, field: 'phone_number' }],
          password: null,
          ignored: [],
        },
      },
      {
        ok: true,
        user: {
          row: 6,
          providedId: 'samlp|acme|jo@acme.test',
          firstName: 'Jo',
          lastName: null,
          picture: null,
          identities: [{ type: 'email', value: 'jo@acme.test', isVerified: true, field: 'email' }],
          password: null,
          ignored: ['identities[0] (connection "acme-saml")'],
        },
      },
      {
        ok: true,
        user: {
          row: 7,
          providedId: 'email|6a7b',
          firstName: null,
          lastName: null,
          picture: null,
          identities: [{ type: 'email', value: 'otp@example.com', isVerified: true, field: 'email' }],
          password: null,
          ignored: [],
        },
      },
      {
        ok: true,
        user: {
          row: 8,
          providedId: 'auth0|60425dc43519d90068f82973',
          firstName: null,
          lastName: null,
          picture: null,
          identities: [{ type: 'email', value: 'exported@example.com', isVerified: false, field: 'email' }],
          password: {
            hashing_method: 'bcrypt',
            hashed_password: '$2b$10$Z5lPW1ANWx3jRF7fBJyfVO7JVL7zQ2YqRqhD0vS8cSXZKc5cvb1nC',
          },
          ignored: ['password_set_date', 'tenant', '_tmp_is_unique'],
        },
      },
      {
        ok: true,
        user: {
          row: 9,
          providedId: 'auth0|sha',
          firstName: null,
          lastName: null,
          picture: null,
          identities: [{ type: 'email', value: 'sha@example.com', isVerified: false, field: 'email' }],
          password: {
            hashing_method: 'sha256',
            hashed_password: '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8',
            salt: 'pepper',
            salt_position: 'suffix',
            salt_format: 'string',
          },
          ignored: [],
        },
      },
      {
        ok: true,
        user: {
          row: 10,
          providedId: 'apple|001122.abc',
          firstName: null,
          lastName: null,
          picture: null,
          identities: [
            { type: 'email', value: 'private@privaterelay.appleid.com', isVerified: true, field: 'email' },
            {
              type: 'oauth2:apple',
              value: '001122.abc',
              isVerified: true,
              connectionId: 'apple',
              field: 'user_id',
            },
          ],
          password: null,
          ignored: ['blocked', 'logins_count'],
        },
      },
      { ok: false, row: 11, field: 'email_verified', reason: 'Must be true or false, not the string "true"' },
      {
        ok: false,
        row: 12,
        field: 'identities',
        reason: 'The user has no email, phone, username or supported social identity',
      },
      {
        ok: true,
        user: {
          row: 13,
          providedId: 'windowslive|cafe',
          firstName: 'Émile',
          lastName: null,
          picture: null,
          identities: [
            {
              type: 'oauth2:microsoft',
              value: 'cafe',
              isVerified: true,
              connectionId: 'windowslive',
              field: 'identities[0].user_id',
            },
          ],
          password: null,
          ignored: [],
        },
      },
      { ok: false, row: 14, field: '', reason: 'Line is not valid JSON' },
    ]);
  });

  test('reads a JSON array export element by element', async () => {
    expect(await collect(parseImport(fixture('auth0-users.json'), 'auth0'))).toStrictEqual([
      {
        ok: true,
        user: {
          row: 1,
          providedId: 'twitch|77',
          firstName: null,
          lastName: null,
          picture: null,
          identities: [
            { type: 'email', value: 'streamer@example.com', isVerified: true, field: 'email' },
            {
              type: 'oauth2:twitch',
              value: '77',
              isVerified: true,
              connectionId: 'twitch',
              field: 'identities[0].user_id',
            },
          ],
          password: null,
          ignored: ['nickname'],
        },
      },
      { ok: false, row: 2, field: '', reason: 'Element 2 is a string, not a JSON object' },
      {
        ok: true,
        user: {
          row: 3,
          providedId: 'facebook|10158',
          firstName: 'Ren',
          lastName: null,
          picture: null,
          identities: [
            {
              type: 'oauth2:facebook',
              value: '10158',
              isVerified: true,
              connectionId: 'facebook',
              field: 'identities[0].user_id',
            },
            {
              type: 'oauth2:bitbucket',
              value: '{abc-def}',
              isVerified: true,
              connectionId: 'bitbucket',
              field: 'identities[1].user_id',
            },
          ],
          password: null,
          ignored: [],
        },
      },
      {
        ok: true,
        user: {
          row: 4,
          providedId: 'apple|000999.def',
          firstName: null,
          lastName: 'Nakamura 中村',
          picture: null,
          identities: [
            {
              type: 'oauth2:apple',
              value: '000999.def',
              isVerified: true,
              connectionId: 'apple',
              field: 'identities[0].user_id',
            },
          ],
          password: null,
          ignored: [],
        },
      },
    ]);
  });

  test('a base64 custom password hash is re-encoded as hex; other encodings are errors', async () => {
    const rows = await lines(
      {
        user_id: 'auth0|a',
        email: 'a@example.com',
        custom_password_hash: { algorithm: 'sha256', hash: { value: 'XohImNooBHFR0OVvjcYpJ3NgPQ1qq73WKhHvch0VQtg=', encoding: 'base64' } },
      },
      { user_id: 'auth0|b', email: 'b@example.com', custom_password_hash: { algorithm: 'md5', hash: { value: 'x', encoding: 'utf8' } } },
      { user_id: 'auth0|c', email: 'c@example.com', custom_password_hash: { hash: { value: 'x' } } },
    );
    expect(rows).toStrictEqual([
      {
        ok: true,
        user: {
          row: 1,
          providedId: 'auth0|a',
          firstName: null,
          lastName: null,
          picture: null,
          identities: [{ type: 'email', value: 'a@example.com', isVerified: false, field: 'email' }],
          password: {
            hashing_method: 'sha256',
            hashed_password: '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8',
            salt: null,
            salt_position: null,
            salt_format: null,
          },
          ignored: [],
        },
      },
      {
        ok: false,
        row: 2,
        field: 'custom_password_hash.hash.encoding',
        reason: 'Roster takes a hash encoded as hex or base64, not "utf8"',
      },
      { ok: false, row: 3, field: 'custom_password_hash.algorithm', reason: 'Required' },
    ]);
  });

  test('a social identity without a subject is an error naming it', async () => {
    const rows = await lines({ user_id: 'github|1', identities: [{ provider: 'github', connection: 'github', isSocial: true }] });
    expect(rows).toStrictEqual([{ ok: false, row: 1, field: 'identities[0].user_id', reason: 'Required for a social identity' }]);
  });

  test('invalid JSON inside an array ends the read after the elements before it', async () => {
    const seen: ParsedRow[] = [];
    const reading = (async () => {
      for await (const row of parseImport(chunks('[{"user_id":"auth0|a","email":"a@example.com"},', '{"user_id": oops}]'), 'auth0'))
        seen.push(row);
    })();
    await expect(reading).rejects.toThrow(/^The file is not valid JSON after element 1: /);
    expect(seen.map((row) => row.ok && row.user.providedId)).toStrictEqual(['auth0|a']);
  });

  test('a file that ends inside the array cannot be read', async () => {
    await expect(collect(parseImport(chunks('[{"user_id":"auth0|a","email":"a@example.com"}'), 'auth0'))).rejects.toThrow(
      /^The file is not valid JSON after element 1: /,
    );
  });

  test('a file that is neither a JSON array nor JSON lines cannot be read', async () => {
    await expect(collect(parseImport(chunks('user_id,email\n'), 'auth0'))).rejects.toThrow(
      'The file is not an Auth0 export: it must be a JSON array of users or one JSON user per line',
    );
  });
});
