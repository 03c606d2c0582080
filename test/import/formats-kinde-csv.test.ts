import { createReadStream } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseImport } from '../../src/services/import/formats/index.js';
import type { ParsedRow } from '../../src/services/import/record.js';
import { chunks, collect } from './format-support.js';

const FIXTURE = new URL('../fixtures/import/kinde-users.csv', import.meta.url);

const csv = (text: string) => collect(parseImport(chunks(text), 'kinde-csv'));

const BCRYPT = '$2b$10$abcdefghijklmnopqrstuu5Fz0eSVKxHnRkL1BtVNi1bAD3mcx5vS';

describe('Kinde CSV', () => {
  test('reads every column of the fixture (BOM, CRLF, quoted commas and newlines, unicode) row by row', async () => {
    expect(await collect(parseImport(createReadStream(FIXTURE), 'kinde-csv'))).toStrictEqual([
      {
        ok: true,
        user: {
          row: 1,
          providedId: 'ext-1',
          firstName: 'Ann',
          lastName: 'Smith, Jr.',
          picture: null,
          identities: [
            { type: 'email', value: 'ann@example.com', isVerified: true, field: 'email' },
            { type: 'phone', value: '+61412345678', isVerified: false, field: 'phone' },
            { type: 'username', value: 'ann_s', isVerified: true, field: 'username' },
          ],
          password: { hashing_method: 'bcrypt', hashed_password: BCRYPT, salt: null, salt_position: null, salt_format: null },
          ignored: ['password_verified', 'role_key', 'permission_key', 'external_organization_id'],
        },
      },
      {
        ok: true,
        user: {
          row: 2,
          providedId: 'ext-2',
          firstName: 'Zoë',
          lastName: "Ó'Brien",
          picture: null,
          identities: [{ type: 'email', value: ' Zoë@Example.com ', isVerified: true, field: 'email' }],
          password: {
            hashing_method: 'md5',
            hashed_password: '5f4dcc3b5aa765d61d8327deb882cf99',
            salt: 'abcd',
            salt_position: 'prefix',
            salt_format: 'hex',
          },
          ignored: [],
        },
      },
      {
        ok: true,
        user: {
          row: 3,
          providedId: null,
          firstName: 'José "Pepe"',
          lastName: 'García 山田',
          picture: null,
          identities: [{ type: 'phone', value: '+447700900123', isVerified: true, field: 'phone' }],
          password: null,
          ignored: [],
        },
      },
      {
        ok: true,
        user: {
          row: 4,
          providedId: 'ext-4',
          firstName: 'Line one\r\nline two',
          lastName: null,
          picture: null,
          identities: [{ type: 'email', value: 'multi@example.com', isVerified: false, field: 'email' }],
          password: null,
          ignored: [],
        },
      },
      { ok: false, row: 5, field: 'email', reason: 'The row has neither an email nor a phone: at least one is required' },
      { ok: false, row: 6, field: 'email_verified', reason: 'Must be TRUE or FALSE, not "maybe"' },
      // Row 7 is blank: skipped, but counted.
      {
        ok: false,
        row: 8,
        field: '',
        reason: 'The row is not valid CSV: Invalid Opening Quote: a quote is found on field 1 at line 11, value is "bro"',
      },
      { ok: false, row: 9, field: 'hashing_method', reason: 'A hashed_password needs a hashing_method' },
      {
        ok: true,
        user: {
          row: 10,
          providedId: 'ext-10',
          firstName: null,
          lastName: null,
          picture: null,
          identities: [{ type: 'email', value: 'salted@example.com', isVerified: false, field: 'email' }],
          password: null,
          ignored: ['salt', 'salt_position'],
        },
      },
      {
        ok: true,
        user: {
          row: 11,
          providedId: 'ext-11',
          firstName: null,
          lastName: null,
          picture: null,
          identities: [{ type: 'email', value: 'extra@example.com', isVerified: false, field: 'email' }],
          password: null,
          ignored: ['(cells without a column name)'],
        },
      },
      // Row 12 has only empty cells: skipped, but counted.
      {
        ok: true,
        user: {
          row: 13,
          providedId: 'ext-13',
          firstName: 'Última',
          lastName: null,
          picture: null,
          identities: [{ type: 'email', value: 'last@example.com', isVerified: false, field: 'email' }],
          password: null,
          ignored: [],
        },
      },
    ]);
  });

  test('header names are trimmed and matched in any case; roles and permissions columns are reported as ignored', async () => {
    const rows = await csv(' Email ,PHONE,Roles,Permissions\nann@example.com,,"admin,member","read:users"\n');
    expect(rows).toStrictEqual([
      {
        ok: true,
        user: {
          row: 1,
          providedId: null,
          firstName: null,
          lastName: null,
          picture: null,
          identities: [{ type: 'email', value: 'ann@example.com', isVerified: false, field: 'email' }],
          password: null,
          ignored: ['roles', 'permissions'],
        },
      },
    ]);
  });

  test('verification accepts TRUE/FALSE in any case, yes/no and 1/0', async () => {
    const rows = await csv(
      'email,email_verified\na@example.com,True\nb@example.com,YES\nc@example.com,1\nd@example.com,fAlSe\ne@example.com,no\nf@example.com,0\ng@example.com,\n',
    );
    expect(rows.map((row) => row.ok && row.user.identities[0]!.isVerified)).toStrictEqual([true, true, true, false, false, false, false]);
  });

  test('text after a closing quote stops the read after the rows before it: the rows after it would merge', async () => {
    const seen: ParsedRow[] = [];
    const reading = (async () => {
      for await (const row of parseImport(
        chunks('email,first_name\na@example.com,Ann\nb@example.com,"Bob"x\nc@example.com,"Cy"\n'),
        'kinde-csv',
      ))
        seen.push(row);
    })();
    await expect(reading).rejects.toThrow(
      'Data row 2 has an unbalanced quote, so the rows after it cannot be read reliably: The row is not valid CSV: Invalid Closing Quote: got "x" at line 3 instead of delimiter, record delimiter, trimable character (if activated) or comment',
    );
    expect(seen.map((row) => row.ok && row.user.identities[0]!.value)).toStrictEqual(['a@example.com']);
  });

  test('a quote never closed stops the read the same way', async () => {
    await expect(csv('email,first_name\na@example.com,Ann\nb@example.com,"Bob\nc@example.com,Cy\n')).rejects.toThrow(
      'Data row 2 has an unbalanced quote, so the rows after it cannot be read reliably: The row is not valid CSV: Quote Not Closed: the parsing is finished with an opening quote at line 4',
    );
  });

  test('a file whose header has neither email nor phone cannot be read', async () => {
    await expect(csv('name,first_name\nann,Ann\n')).rejects.toThrow(
      'The CSV header must have an email or phone column (found: name, first_name)',
    );
  });

  test('a header naming a column twice cannot be read', async () => {
    await expect(csv('email,Email\na@example.com,b@example.com\n')).rejects.toThrow('The CSV header names the column "email" twice');
  });

  test('an empty file cannot be read', async () => {
    await expect(csv('\uFEFF \r\n')).rejects.toThrow('The file is empty');
  });

  test('a header alone is a file with no rows', async () => {
    expect(await csv('email,phone\r\n')).toStrictEqual([]);
  });
});
