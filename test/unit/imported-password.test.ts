import { describe, expect, it } from 'vitest';
import { RosterError } from '../../src/domain/errors.js';
import { IMPORT_HASHING_METHODS, normaliseImportedPassword, type ImportedPassword } from '../../src/domain/imported-password.js';
import { FIREBASE_EXAMPLE } from '../support/password-examples.js';

/** Expects normalising to fail with 400 INVALID_PASSWORD_HASH blaming `field`. */
function refusedAt(input: ImportedPassword, field: string): RosterError {
  try {
    normaliseImportedPassword(input);
  } catch (err) {
    expect(err).toBeInstanceOf(RosterError);
    const e = err as RosterError;
    expect({ status: e.status, code: e.code, field: e.field }).toEqual({ status: 400, code: 'INVALID_PASSWORD_HASH', field });
    return e;
  }
  throw new Error(`expected a refusal at ${field}`);
}

const BCRYPT = '$2y$07$usesomesillystringfore2uDLvp1Ii2e./U9C8sBjqp8I90dH6hi';
const MD5 = 'f96b697d7cb7938d525a2f31aaf161d0';

describe('normaliseImportedPassword', () => {
  it('lists the methods it supports', () => {
    expect(IMPORT_HASHING_METHODS).toEqual(
      expect.arrayContaining([
        'bcrypt',
        'crypt',
        'md5',
        'sha256',
        'wordpress',
        'pbkdf2',
        'firebase-scrypt',
        'aspnet-identity-v2',
        'scrypt',
        'argon2',
      ]),
    );
  });

  it('defaults to bcrypt, reads either field name, ignores case and surrounding space', () => {
    const expected = { algorithm: 'bcrypt', hash: BCRYPT, params: null };
    expect(normaliseImportedPassword({ hashed_password: BCRYPT })).toEqual(expected);
    expect(normaliseImportedPassword({ hashing_algorithm: 'BCRYPT', hashed_password: ` ${BCRYPT}\n` })).toEqual(expected);
    expect(normaliseImportedPassword({ hashing_method: 'bcrypt', hashing_algorithm: 'bcrypt', hashed_password: BCRYPT })).toEqual(expected);
  });

  it('keeps the salt and where it goes for salted digests', () => {
    expect(
      normaliseImportedPassword({
        hashing_method: 'md5',
        hashed_password: MD5.toUpperCase(),
        salt: 'c2FsdA==',
        salt_format: 'base64',
        salt_position: 'Suffix',
      }),
    ).toEqual({
      algorithm: 'md5',
      hash: MD5,
      params: { salt: 'c2FsdA==', salt_format: 'base64', salt_position: 'suffix' },
    });
    expect(
      normaliseImportedPassword({ hashing_method: 'md5', hashed_password: MD5, salt: null, salt_position: null, salt_format: null }),
    ).toEqual({ algorithm: 'md5', hash: MD5, params: null });
  });

  it('gives pbkdf2 Kinde’s default of 24000 iterations', () => {
    expect(
      normaliseImportedPassword({
        hashing_method: 'pbkdf2',
        variant: 'salted-pbkdf2-hmac-sha256',
        salt: 's',
        hashed_password: 'AAAAAAAAAAAAAAAAAAAAAA==',
      }),
    ).toEqual({
      algorithm: 'pbkdf2',
      hash: 'AAAAAAAAAAAAAAAAAAAAAA==',
      params: { digest: 'sha256', iterations: 24000, salt: 's', salt_format: 'string', encoding: 'base64' },
    });
  });

  it('sorts WordPress hashes by their shape', () => {
    const algorithmOf = (hashed_password: string) => normaliseImportedPassword({ hashing_method: 'wordpress', hashed_password }).algorithm;
    expect(algorithmOf('$wp$2y$10$WLfs9dC4gT9SDud/lNl.cePR.afwHqedp87wHMrMa6.Lyqf5zmZQa')).toBe('wordpress-bcrypt');
    expect(algorithmOf('$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0')).toBe('phpass');
    expect(algorithmOf(BCRYPT)).toBe('bcrypt');
    expect(algorithmOf(MD5)).toBe('md5');
  });

  describe('refuses, naming the field', () => {
    it.each<[string, ImportedPassword, string]>([
      ['an unknown method', { hashing_method: 'rot13', hashed_password: 'x' }, 'hashing_method'],
      ['an unknown method under its NDJSON name', { hashing_algorithm: 'sha1', hashed_password: 'x' }, 'hashing_algorithm'],
      ['two different method names', { hashing_method: 'md5', hashing_algorithm: 'sha256', hashed_password: MD5 }, 'hashing_method'],
      ['an empty hash', { hashing_method: 'md5', hashed_password: '  ' }, 'hashed_password'],
      ['a huge hash', { hashing_method: 'md5', hashed_password: 'a'.repeat(5000) }, 'hashed_password'],
      ['a malformed bcrypt hash', { hashing_method: 'bcrypt', hashed_password: '$2b$10$tooshort' }, 'hashed_password'],
      ['bcrypt $2x$', { hashing_method: 'bcrypt', hashed_password: BCRYPT.replace('$2y$', '$2x$') }, 'hashed_password'],
      ['an absurd bcrypt cost', { hashing_method: 'bcrypt', hashed_password: BCRYPT.replace('$07$', '$31$') }, 'hashed_password'],
      ['an md5 of the wrong length', { hashing_method: 'md5', hashed_password: MD5.slice(2) }, 'hashed_password'],
      [
        'a sha256 hash that is not hex',
        { hashing_method: 'sha256', hashed_password: 'ungQlLwe7+9sqwjaNjdMz8lMUAgJHrA0jd7GQ2iDq/c=' },
        'hashed_password',
      ],
      [
        'a salt without its position',
        { hashing_method: 'sha256', hashed_password: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', salt: 'ab' },
        'salt_position',
      ],
      [
        'a salt in an unknown format',
        { hashing_method: 'md5', hashed_password: MD5, salt: 'ab', salt_position: 'prefix', salt_format: 'rot13' },
        'salt_format',
      ],
      [
        'a hex salt that is not hex',
        { hashing_method: 'md5', hashed_password: MD5, salt: 'xyz', salt_position: 'prefix', salt_format: 'hex' },
        'salt',
      ],
      [
        'an argon2 hash under another variant',
        { hashing_method: 'argon2id', hashed_password: '$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG' },
        'hashed_password',
      ],
      [
        'a scrypt hash that is not PHC',
        { hashing_method: 'scrypt', hashed_password: '16384$8$1$kytG1MHY1KU=$afc338d494dc' },
        'hashed_password',
      ],
      [
        'pbkdf2 without a variant',
        { hashing_method: 'pbkdf2', hashed_password: '4b007901b765489abead49d926f721d065a429c1', salt: 'salt' },
        'variant',
      ],
      [
        'pbkdf2 with an unknown variant',
        {
          hashing_method: 'pbkdf2',
          variant: 'salted-pbkdf2-hmac-md5',
          hashed_password: '4b007901b765489abead49d926f721d065a429c1',
          salt: 'salt',
        },
        'variant',
      ],
      [
        'pbkdf2 without a salt',
        { hashing_method: 'pbkdf2', variant: 'salted-pbkdf2-hmac-sha1', hashed_password: '4b007901b765489abead49d926f721d065a429c1' },
        'salt',
      ],
      [
        'pbkdf2 with zero iterations',
        {
          hashing_method: 'pbkdf2',
          variant: 'salted-pbkdf2-hmac-sha1',
          iterations: 0,
          salt: 's',
          hashed_password: '4b007901b765489abead49d926f721d065a429c1',
        },
        'iterations',
      ],
      ['a crypt hash of an unsupported kind', { hashing_method: 'crypt', hashed_password: 'rl.3StKT.4T8M' }, 'hashed_password'],
      [
        'sha-crypt with too many rounds',
        { hashing_method: 'crypt', hashed_password: `$6$rounds=50000000$salt$${'a'.repeat(86)}` },
        'hashed_password',
      ],
      // The work caps that keep one verification well under a second (bcrypt 13, sha-crypt 200,000 rounds, scrypt and
      // argon2 64 MiB, PBKDF2 1,200,000 iterations per block).
      ['bcrypt cost 14', { hashing_method: 'bcrypt', hashed_password: `$2b$14$${'a'.repeat(53)}` }, 'hashed_password'],
      [
        'sha-crypt with 200,001 rounds',
        { hashing_method: 'crypt', hashed_password: `$6$rounds=200001$salt$${'a'.repeat(86)}` },
        'hashed_password',
      ],
      [
        'scrypt needing 128 MiB',
        {
          hashing_method: 'scrypt',
          hashed_password: '$scrypt$ln=17,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E',
        },
        'hashed_password',
      ],
      [
        'argon2id with 128 MiB',
        { hashing_method: 'argon2id', hashed_password: `$argon2id$v=19$m=131072,t=2,p=1$c29tZXNhbHQ$${'A'.repeat(43)}` },
        'hashed_password',
      ],
      [
        'pbkdf2 with 1,200,001 iterations',
        {
          hashing_method: 'pbkdf2',
          variant: 'salted-pbkdf2-hmac-sha1',
          iterations: 1_200_001,
          salt: 's',
          hashed_password: '4b007901b765489abead49d926f721d065a429c1',
        },
        'iterations',
      ],
      [
        'phpass with too many rounds',
        { hashing_method: 'wordpress', hashed_password: '$P$zIQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0' },
        'hashed_password',
      ],
      ['a WordPress hash of no known shape', { hashing_method: 'wordpress', hashed_password: '$S$DZp9N7dsrTest' }, 'hashed_password'],
      ['an ASP.NET hash of no known layout', { hashing_method: 'aspnet-identity-v2', hashed_password: 'AgAAAA==' }, 'hashed_password'],
    ])('%s', (_name, input, field) => {
      refusedAt(input, field);
    });

    it.each<[string, Partial<ImportedPassword>, string]>([
      ['firebase-scrypt without a signer key', { signer_key: undefined }, 'signer_key'],
      ['firebase-scrypt without a separator', { salt_separator: undefined }, 'salt_separator'],
      ['firebase-scrypt without a salt', { salt: '' }, 'salt'],
      ['firebase-scrypt with rounds out of range', { rounds: 17 }, 'rounds'],
      ['firebase-scrypt without mem_cost', { mem_cost: undefined }, 'mem_cost'],
      ['firebase-scrypt asking for too much memory', { rounds: 16, mem_cost: 20 }, 'mem_cost'],
      ['firebase-scrypt with a hash unlike the signer key', { hashed_password: 'lSrfV15cpx95/sZS2W9c9Q==' }, 'hashed_password'],
    ])('%s', (_name, change, field) => {
      refusedAt({ ...FIREBASE_EXAMPLE, ...change }, field);
    });

    it('and says what is supported', () => {
      expect(refusedAt({ hashing_method: 'nope', hashed_password: 'x' }, 'hashing_method').message).toMatch(/bcrypt/);
    });
  });
});
