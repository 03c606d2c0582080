import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { detectFormat } from '../../src/services/import/formats/index.js';

const head = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url)).subarray(0, 4096);
const text = (value: string) => Buffer.from(value, 'utf8');

describe('detectFormat', () => {
  test.each([
    ['kinde-users.csv', 'kinde-csv'],
    ['kinde-users.ndjson', 'kinde-ndjson'],
    ['auth0-users.ndjson', 'auth0'],
    ['auth0-users.json', 'auth0'],
    ['firebase-users.json', 'firebase'],
  ])('recognises %s as %s from its first bytes', (name, format) => {
    expect(detectFormat(head(name))).toBe(format);
  });

  test('a CSV header with a phone column and no email column is Kinde CSV', () => {
    expect(detectFormat(text('"Phone",first_name\n+61412345678,Ann\n'))).toBe('kinde-csv');
  });

  test('Kinde NDJSON by its identities, even when the first line is cut off by the head', () => {
    expect(detectFormat(text('{"id":"a","identities":[{"type":"email","identity":"a@exa'))).toBe('kinde-ndjson');
  });

  test("Auth0's password-hash export is Auth0", () => {
    expect(detectFormat(text('{"_id":{"$oid":"60425dc43519d90068f82973"},"email":"a@example.com","passwordHash":"$2b$10$x"}\n'))).toBe(
      'auth0',
    );
  });

  test('a Firebase export with whitespace before "users" is Firebase', () => {
    expect(detectFormat(text('\uFEFF\r\n{\r\n  "users" : [ {"localId":"a"'))).toBe('firebase');
  });

  test('unknown content is undefined, unless the file name says CSV', () => {
    expect(detectFormat(text('name,age\nann,3\n'))).toBeUndefined();
    expect(detectFormat(text('name,age\nann,3\n'), 'users.CSV')).toBe('kinde-csv');
    expect(detectFormat(text('{"name":"ann"}\n'), 'users.ndjson')).toBeUndefined();
    expect(detectFormat(text('[1,2,3]'))).toBeUndefined();
    expect(detectFormat(Buffer.alloc(0), 'users.json')).toBeUndefined();
  });
});
