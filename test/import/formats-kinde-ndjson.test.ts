import { describe, expect, test } from 'vitest';
import { parseImport } from '../../src/services/import/formats/index.js';
import { chunks, collect, fixtureStream as fixture } from './format-support.js';

const lines = (...objects: unknown[]) => collect(parseImport(chunks(objects.map((o) => JSON.stringify(o)).join('\n')), 'kinde-ndjson'));

describe('Kinde NDJSON', () => {
  test('reads the import and export shapes from the fixture (BOM, CRLF, blank line, unicode) line by line', async () => {
    expect(await collect(parseImport(fixture('kinde-users.ndjson'), 'kinde-ndjson'))).toStrictEqual([
      {
        ok: true,
        user: {
          row: 1,
          providedId: 'ext-1',
          firstName: 'Ann',
          lastName: 'Smith',
          picture: null,
          identities: [
            { type: 'email', value: 'ann@example.com', isVerified: true, field: 'identities[0].identity' },
            { type: 'phone', value: '+61412345678', isVerified: false, field: 'identities[1].identity' },
            { type: 'username', value: 'ann_s', isVerified: true, field: 'identities[2].identity' },
            {
              type: 'oauth2:google',
              value: '109876543210',
              isVerified: true,
              field: 'identities[3].identity',
              connectionId: 'google',
            },
          ],
          password: {
            hashing_method: 'md5',
            hashed_password: '5f4dcc3b5aa765d61d8327deb882cf99',
            salt: 'abcd',
            salt_position: 'prefix',
            salt_format: 'hex',
          },
          ignored: ['properties', 'feature_flags', 'organizations', 'identities[3].profile'],
        },
      },
      {
        ok: true,
        user: {
          row: 2,
          providedId: 'legacy-42',
          firstName: 'Zoë',
          lastName: "Ó'Brien",
          picture: null,
          identities: [
            { type: 'email', value: 'Zoë@Example.com', isVerified: true, field: 'email' },
            { type: 'phone', value: '+447700900123', isVerified: false, field: 'phone' },
            { type: 'username', value: 'zoe', isVerified: true, field: 'username' },
            { type: 'email', value: 'zoe.work@example.com', isVerified: false, field: 'identities[1].identity' },
            {
              type: 'oauth2:github',
              value: '4242',
              isVerified: true,
              field: 'identities[2].identity',
              connectionId: 'github',
            },
          ],
          password: {
            hashing_method: 'bcrypt',
            hashed_password: '$2a$10$abcdefghijklmnopqrstuu5Fz0eSVKxHnRkL1BtVNi1bAD3mcx5vS',
            salt: null,
            salt_position: null,
            salt_format: null,
          },
          ignored: ['id', 'created_on', 'business_code', 'organizations', 'password.hashing_config.rounds'],
        },
      },
      { ok: false, row: 4, field: '', reason: 'Line is not valid JSON' },
      { ok: false, row: 5, field: '', reason: 'Line is an array, not a JSON object' },
      {
        ok: false,
        row: 6,
        field: 'identities',
        reason: 'The user has no identity: give at least one in identities (or email, phone or username)',
      },
      { ok: false, row: 7, field: 'identities[0].identity', reason: 'Required' },
      {
        ok: false,
        row: 8,
        field: 'identities[0].is_verified',
        reason: 'Must be true or false, not the string "yes"',
      },
      {
        ok: false,
        row: 9,
        field: 'password.hashing_algorithm',
        reason: 'A hashed_password needs a hashing_algorithm',
      },
      {
        ok: true,
        user: {
          row: 10,
          providedId: 'kp_fedcba9876543210fedcba9876543210',
          firstName: 'Ελένη',
          lastName: 'Παπαδοπούλου 🌸',
          picture: null,
          identities: [{ type: 'email', value: 'eleni@example.com', isVerified: false, field: 'email' }],
          password: null,
          ignored: [],
        },
      },
      {
        ok: true,
        user: {
          row: 11,
          providedId: '12345',
          firstName: null,
          lastName: null,
          picture: null,
          identities: [{ type: 'email', value: ' Mixed@Example.COM ', isVerified: false, field: 'identities[0].identity' }],
          password: {
            hashing_method: 'argon2id',
            hashed_password: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
            salt: null,
            salt_position: null,
            salt_format: null,
          },
          ignored: [],
        },
      },
    ]);
  });

  test('export shape: the top-level email, phone and username come first as primaries, and repeats are merged', async () => {
    const [row] = await lines({
      id: 'kp_0123456789abcdef0123456789abcdef',
      external_id: null,
      email: 'a@example.com',
      email_verified: true,
      identities: [
        { type: 'email', identity: 'b@example.com' },
        { type: 'email', identity: 'a@example.com' },
      ],
    });
    expect(row).toStrictEqual({
      ok: true,
      user: {
        row: 1,
        providedId: 'kp_0123456789abcdef0123456789abcdef',
        firstName: null,
        lastName: null,
        picture: null,
        identities: [
          { type: 'email', value: 'a@example.com', isVerified: true, field: 'email' },
          { type: 'email', value: 'b@example.com', isVerified: false, field: 'identities[0].identity' },
        ],
        password: null,
        ignored: [],
      },
    });
  });

  test('password fields of another hashing method in hashing_config are left out; pbkdf2 ones are kept for pbkdf2', async () => {
    const rows = await lines(
      {
        id: 'a',
        identities: [{ type: 'email', identity: 'a@example.com' }],
        password: {
          hashed_password: 'h',
          hashing_algorithm: 'pbkdf2',
          hashing_config: { salt: 'c2FsdA==', iterations: 1000, variant: 'salted-pbkdf2-hmac-sha256', rounds: 3 },
        },
      },
      {
        id: 'b',
        identities: [{ type: 'email', identity: 'b@example.com' }],
        password: {
          hashed_password: 'h',
          hashing_method: 'firebase-scrypt',
          salt: 's',
          signer_key: 'k',
          salt_separator: 'Bw==',
          rounds: 8,
          mem_cost: 14,
        },
      },
    );
    expect(rows.map((row) => row.ok && [row.user.password, row.user.ignored])).toStrictEqual([
      [
        {
          hashing_method: 'pbkdf2',
          hashed_password: 'h',
          salt: 'c2FsdA==',
          salt_position: null,
          salt_format: null,
          variant: 'salted-pbkdf2-hmac-sha256',
          iterations: 1000,
        },
        ['password.hashing_config.rounds'],
      ],
      [
        {
          hashing_method: 'firebase-scrypt',
          hashed_password: 'h',
          salt: 's',
          salt_position: null,
          salt_format: null,
          signer_key: 'k',
          salt_separator: 'Bw==',
          rounds: 8,
          mem_cost: 14,
        },
        [],
      ],
    ]);
  });

  test('fields of the wrong JSON type are errors naming the field', async () => {
    const rows = await lines(
      { id: 'a', first_name: 7, identities: [{ type: 'email', identity: 'a@example.com' }] },
      { id: 'b', identities: { type: 'email', identity: 'b@example.com' } },
      { id: 'c', identities: ['c@example.com'] },
      { id: 'd', identities: [{ type: 'email', identity: 'd@example.com' }], password: 'secret' },
      {
        id: 'e',
        identities: [{ type: 'email', identity: 'e@example.com' }],
        password: { hashed_password: 'h', hashing_algorithm: 'pbkdf2', iterations: '1000' },
      },
    );
    expect(rows).toStrictEqual([
      { ok: false, row: 1, field: 'first_name', reason: 'Must be a string, not the number 7' },
      { ok: false, row: 2, field: 'identities', reason: 'Must be an array, not an object' },
      { ok: false, row: 3, field: 'identities[0]', reason: 'Must be an object, not the string "c@example.com"' },
      { ok: false, row: 4, field: 'password', reason: 'Must be an object, not the string "secret"' },
      { ok: false, row: 5, field: 'password.iterations', reason: 'Must be a whole number, not the string "1000"' },
    ]);
  });

  test('a file that is a JSON array, not one object per line, cannot be read', async () => {
    await expect(collect(parseImport(chunks('[{"id":"a"}]'), 'kinde-ndjson'))).rejects.toThrow(
      'The file is not Kinde NDJSON: it must have one JSON object per line',
    );
  });

  test('a line longer than 1 MiB stops the read: the file is not line-delimited', async () => {
    await expect(collect(parseImport(chunks('{"id":"a"}\n', `{"id":"${'x'.repeat(1024 * 1024)}`), 'kinde-ndjson'))).rejects.toThrow(
      'Line 2 is longer than 1048576 characters: the file does not look like one JSON object per line',
    );
  });

  test('a file of blank lines is empty', async () => {
    await expect(collect(parseImport(chunks('\r\n\n  \n'), 'kinde-ndjson'))).rejects.toThrow('The file is empty');
  });
});
