import { describe, expect, it } from 'vitest';
import { verifyLegacyHash } from '../../src/auth/legacy-hashes.js';
import { normaliseImportedPassword, type ImportedPassword } from '../../src/domain/imported-password.js';
import { FIREBASE_EXAMPLE, FIREBASE_EXAMPLE_PASSWORD } from '../support/password-examples.js';

/** Imports a hash the way the importer does, then verifies a password against the stored row. */
async function verifies(input: ImportedPassword, password: string): Promise<boolean> {
  const row = normaliseImportedPassword(input);
  return verifyLegacyHash(row.algorithm, row.hash, row.params && JSON.stringify(row.params), password);
}

const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

describe('bcrypt', () => {
  // OpenBSD / jBCrypt vectors as passlib's test_handlers_bcrypt.py lists them, and PHP's password_hash.phpt.
  it.each([
    ['', '$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.'],
    ['U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
    ['t\u00e1\u0411\u2113\u0259', '$2a$04$uM6csdM8R9SXTex/gbTayezuvzFEufYGd2uB6of7qScLjQ4GwcD4G'],
    ['rasmuslerdorf', '$2y$07$usesomesillystringfore2uDLvp1Ii2e./U9C8sBjqp8I90dH6hi'],
  ])('%j matches %s', async (password, hash) => {
    expect(await verifies({ hashing_method: 'bcrypt', hashed_password: hash }, password)).toBe(true);
    expect(await verifies({ hashing_method: 'bcrypt', hashed_password: hash }, `${password}?`)).toBe(false);
  });

  it('verifies whichever of $2a$, $2b$ and $2y$ the hash carries (Kinde rewrites $2b$ to $2a$)', async () => {
    for (const prefix of ['$2a$', '$2b$', '$2y$']) {
      const hash = `${prefix}07$usesomesillystringfore2uDLvp1Ii2e./U9C8sBjqp8I90dH6hi`;
      expect(await verifies({ hashed_password: hash }, 'rasmuslerdorf')).toBe(true);
    }
  });
});

describe('argon2', () => {
  it.each([
    // The reference implementation's README example (argon2 somesalt -t 2 -m 16 -p 4 -l 24).
    ['argon2i', '$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG'],
    // argon2_cffi's vectors in passlib's test_handlers_argon2.py, v=16 (no version field) included.
    ['argon2', '$argon2d$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$cZn5d+rFh+ZfuRhm2iGUGgcrW5YLeM6q7L3vBsdmFA0'],
    ['argon2', '$argon2i$m=65536,t=2,p=4$c29tZXNhbHQAAAAAAAAAAA$QWLzI4TY9HkL2ZTLc8g6SinwdhZewYrzz9zxCo0bkGY'],
    // The argon2 Nim binding's README (the reference C code underneath).
    ['argon2id', '$argon2id$v=19$m=4096,t=1,p=1$c29tZXNhbHQ$yIW3jKhc46JgZ3FAcoGEowrd6vyP/WTSy/wUREAmlwc'],
  ])('%s %s takes "password"', async (method, hash) => {
    const row = normaliseImportedPassword({ hashing_method: method, hashed_password: hash });
    expect(row.algorithm).toBe('argon2');
    expect(await verifyLegacyHash(row.algorithm, row.hash, null, 'password')).toBe(true);
    expect(await verifyLegacyHash(row.algorithm, row.hash, null, 'passw0rd')).toBe(false);
  });

  it('refuses costs above the limits, at import and at sign-in', async () => {
    const greedy = '$argon2id$v=19$m=4194304,t=1,p=1$c29tZXNhbHQ$yIW3jKhc46JgZ3FAcoGEowrd6vyP/WTSy/wUREAmlwc';
    expect(() => normaliseImportedPassword({ hashing_method: 'argon2', hashed_password: greedy })).toThrow(/at most/);
    expect(await verifyLegacyHash('argon2', greedy, null, 'password')).toBe(false);
  });
});

describe('scrypt (PHC string)', () => {
  it('verifies passlib’s documented hashes', async () => {
    // passlib.hash.scrypt documentation.
    const cheap = '$scrypt$ln=8,r=8,p=1$WKs1xljLudd6z9kbY0wpJQ$yCR4iDZYDKv+iEJj6yHY0lv/epnfB6f/w1EbXrsJOuQ';
    expect(await verifies({ hashing_method: 'scrypt', hashed_password: cheap }, 'password')).toBe(true);
    expect(await verifies({ hashing_method: 'scrypt', hashed_password: cheap }, 'wrong')).toBe(false);
    const usual = '$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E';
    expect(await verifies({ hashing_method: 'scrypt', hashed_password: usual }, 'password')).toBe(true);
  });

  it('verifies RFC 7914 §12’s third vector written as a PHC string', async () => {
    const key = hexToBase64(
      'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640',
    );
    const hash = `$scrypt$ln=10,r=8,p=16$${Buffer.from('NaCl').toString('base64')}$${key}`;
    expect(await verifies({ hashing_method: 'scrypt', hashed_password: hash }, 'password')).toBe(true);
    expect(await verifies({ hashing_method: 'scrypt', hashed_password: hash }, 'Password')).toBe(false);
  });

  it('refuses memory above the limit', async () => {
    const greedy = '$scrypt$ln=22,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E';
    expect(() => normaliseImportedPassword({ hashing_method: 'scrypt', hashed_password: greedy })).toThrow(/MiB/);
    expect(await verifyLegacyHash('scrypt', greedy, null, 'password')).toBe(false);
  });
});

describe('firebase-scrypt', () => {
  it('verifies the firebase/scrypt README example', async () => {
    expect(await verifies(FIREBASE_EXAMPLE, FIREBASE_EXAMPLE_PASSWORD)).toBe(true);
    expect(await verifies(FIREBASE_EXAMPLE, 'user2password')).toBe(false);
  });

  it('depends on every project parameter', async () => {
    expect(await verifies({ ...FIREBASE_EXAMPLE, salt_separator: 'Bg==' }, FIREBASE_EXAMPLE_PASSWORD)).toBe(false);
    expect(await verifies({ ...FIREBASE_EXAMPLE, rounds: 7 }, FIREBASE_EXAMPLE_PASSWORD)).toBe(false);
  });
});

describe('pbkdf2', () => {
  const kinde = (variant: string, iterations: number, salt: string, hashed_password: string, extra: Partial<ImportedPassword> = {}) => ({
    hashing_method: 'pbkdf2',
    variant,
    iterations,
    salt,
    hashed_password,
    ...extra,
  });

  it('verifies RFC 6070’s PBKDF2-HMAC-SHA1 vectors in Kinde’s form', async () => {
    expect(await verifies(kinde('salted-pbkdf2-hmac-sha1', 1, 'salt', '0c60c80f961f0e71f3a9b524af6012062fe037a6'), 'password')).toBe(true);
    expect(await verifies(kinde('salted-pbkdf2-hmac-sha1', 4096, 'salt', '4b007901b765489abead49d926f721d065a429c1'), 'password')).toBe(
      true,
    );
    expect(
      await verifies(
        kinde(
          'salted-pbkdf2-hmac-sha1',
          4096,
          'saltSALTsaltSALTsaltSALTsaltSALTsalt',
          '3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038',
        ),
        'passwordPASSWORDpassword',
      ),
    ).toBe(true);
    expect(await verifies(kinde('salted-pbkdf2-hmac-sha1', 4096, 'salt', '4b007901b765489abead49d926f721d065a429c1'), 'Password')).toBe(
      false,
    );
  });

  it('takes the digest in base64 and the salt in hex', async () => {
    const hash = hexToBase64('ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957');
    expect(await verifies(kinde('salted-pbkdf2-hmac-sha1', 2, '73616c74', hash, { salt_format: 'hex' }), 'password')).toBe(true);
  });

  it('verifies RFC 7914 §11’s PBKDF2-HMAC-SHA256 vector', async () => {
    const hash =
      '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783';
    expect(await verifies(kinde('salted-pbkdf2-hmac-sha256', 1, 'salt', hash), 'passwd')).toBe(true);
    expect(await verifies(kinde('salted-pbkdf2-hmac-sha256', 2, 'salt', hash), 'passwd')).toBe(false);
  });

  it('verifies Django’s and passlib’s framed forms (passlib’s test vectors)', async () => {
    const cases: [string, string][] = [
      ['not a password', 'pbkdf2_sha256$10000$kjVJaVz6qsnJ$5yPHw3rwJGECpUf70daLGhOrQ5+AMxIJdz1c3bqK1Rs='],
      ['not a password', 'pbkdf2_sha1$10000$wz5B6WkasRoF$atJmJ1o+XfJxKq1+Nu1f1i57Z5I='],
      ['t\u00e1\u0411\u2113\u0259', 'pbkdf2_sha256$10000$bEwAfNrH1TlQ$OgYUblFNUX1B8GfMqaCYUK/iHyO0pa7STTDdaEJBuY0='],
      ['password', '$pbkdf2$1212$OB.dtnSEXZK8U5cgxU/GYQ$y5LKPOplRmok7CZp/aqVDVg8zGI'],
      ['password', '$pbkdf2-sha256$1212$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ'],
      [
        'password',
        '$pbkdf2-sha512$1212$RHY0Fr3IDMSVO/RSZyb5ow$eNLfBK.eVozomMr.1gYa17k9B7KIK25NOEshvhrSX.esqY3s.FvWZViXz4KoLlQI.BzY/YTNJOiKc5gBYFYGww',
      ],
      [
        '\u0399\u03c9\u03b1\u03bd\u03bd\u03b7\u03c2',
        '$pbkdf2-sha256$1212$3SABFJGDtyhrQMVt1uABPw$WyaUoqCLgvz97s523nF4iuOqZNbp5Nt8do/cuaa7AiI',
      ],
    ];
    for (const [password, hash] of cases) {
      const row = normaliseImportedPassword({ hashing_method: 'pbkdf2', hashed_password: hash });
      expect(row).toEqual({ algorithm: 'pbkdf2', hash, params: null });
      expect(await verifyLegacyHash(row.algorithm, row.hash, null, password)).toBe(true);
      expect(await verifyLegacyHash(row.algorithm, row.hash, null, `${password}.`)).toBe(false);
    }
  });

  it('refuses absurd iteration counts', async () => {
    expect(() =>
      normaliseImportedPassword(kinde('salted-pbkdf2-hmac-sha256', 1_000_000_000, 'salt', '55ac046e56e3089fec1691c22544b605')),
    ).toThrow(expect.objectContaining({ code: 'INVALID_PASSWORD_HASH', field: 'iterations' }));
    expect(
      await verifyLegacyHash(
        'pbkdf2',
        'pbkdf2_sha256$999999999$kjVJaVz6qsnJ$5yPHw3rwJGECpUf70daLGhOrQ5+AMxIJdz1c3bqK1Rs=',
        null,
        'not a password',
      ),
    ).toBe(false);
  });
});

describe('aspnet-identity-v2', () => {
  // ASP.NET Core's PasswordHasherTest.cs: every layout of "my password".
  it.each([
    ['v2, SHA1, 1000 iterations', 'AAABAgMEBQYHCAkKCwwNDg+ukCEMDf0yyQ29NYubggHIVY0sdEUfdyeM+E1LtH1uJg=='],
    ['v3, SHA1, 250 iterations', 'AQAAAAAAAAD6AAAAEAhftMyfTJylOlZT+eEotFXd1elee8ih5WsjXaR3PA9M'],
    [
      'v3, SHA256, 250000 iterations',
      'AQAAAAEAA9CQAAAAIESkQuj2Du8Y+kbc5lcN/W/3NiAZFEm11P27nrSN5/tId+bR1SwV8CO1Jd72r4C08OLvplNlCDc3oQZ8efcW+jQ=',
    ],
    [
      'v3, SHA512, 250 iterations, 512-bit key',
      'AQAAAAIAAAD6AAAAIJbVi5wbMR+htSfFp8fTw8N8GOS/Sje+S/4YZcgBfU7EQuqv4OkVYmc4VJl9AGZzmRTxSkP7LtVi9IWyUxX8IAAfZ8v+ZfhjCcudtC1YERSqE1OEdXLW9VukPuJWBBjLuw==',
    ],
  ])('%s', async (_name, hash) => {
    expect(await verifies({ hashing_method: 'aspnet-identity-v2', hashed_password: hash }, 'my password')).toBe(true);
    expect(await verifies({ hashing_method: 'aspnet-identity-v2', hashed_password: hash }, 'my passw0rd')).toBe(false);
  });
});

describe('md5 and sha256 with a salt', () => {
  // RFC 1321 A.5: MD5("message digest"); FIPS 180-2 B.1: SHA-256("abc"). Each split into salt and password.
  const MD5 = 'f96b697d7cb7938d525a2f31aaf161d0';
  const SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

  it('puts the salt before or after the password', async () => {
    expect(await verifies({ hashing_method: 'md5', hashed_password: MD5, salt: 'message ', salt_position: 'prefix' }, 'digest')).toBe(true);
    expect(await verifies({ hashing_method: 'md5', hashed_password: MD5, salt: 'digest', salt_position: 'suffix' }, 'message ')).toBe(true);
    expect(await verifies({ hashing_method: 'md5', hashed_password: MD5, salt: 'digest', salt_position: 'prefix' }, 'message ')).toBe(
      false,
    );
    expect(await verifies({ hashing_method: 'sha256', hashed_password: SHA256, salt: 'ab', salt_position: 'prefix' }, 'c')).toBe(true);
    expect(
      await verifies({ hashing_method: 'sha256', hashed_password: SHA256.toUpperCase(), salt: 'bc', salt_position: 'suffix' }, 'a'),
    ).toBe(true);
  });

  it('reads a hex salt as bytes', async () => {
    expect(
      await verifies({ hashing_method: 'sha256', hashed_password: SHA256, salt: '6162', salt_format: 'hex', salt_position: 'prefix' }, 'c'),
    ).toBe(true);
    expect(
      await verifies(
        { hashing_algorithm: 'md5', hashed_password: MD5, salt: '646967657374', salt_format: 'hex', salt_position: 'suffix' },
        'message ',
      ),
    ).toBe(true);
  });

  it('takes an unsalted digest', async () => {
    expect(await verifies({ hashing_method: 'sha256', hashed_password: SHA256 }, 'abc')).toBe(true);
    expect(await verifies({ hashing_method: 'md5', hashed_password: '900150983cd24fb0d6963f7d28e17f72' }, 'abc')).toBe(true);
    expect(await verifies({ hashing_method: 'md5', hashed_password: '900150983cd24fb0d6963f7d28e17f72' }, 'abd')).toBe(false);
  });
});

describe('the dispatcher', () => {
  it.each([
    ['an unknown algorithm', 'rot13', 'cnffjbeq', null],
    ['broken params JSON', 'md5', '900150983cd24fb0d6963f7d28e17f72', '{not json'],
    ['params of the wrong shape', 'firebase-scrypt', 'lSrfV15cpx95', '{"rounds":"eight"}'],
    ['firebase-scrypt without params', 'firebase-scrypt', 'lSrfV15cpx95', null],
    ['a bad salt position', 'md5', '900150983cd24fb0d6963f7d28e17f72', '{"salt":"x","salt_format":"string","salt_position":"middle"}'],
    ['a non-hex digest', 'sha256', 'zz', null],
    [
      'a pbkdf2 row whose hash is not in its encoding',
      'pbkdf2',
      '!!!',
      '{"digest":"sha1","iterations":1,"salt":"salt","salt_format":"string","encoding":"base64"}',
    ],
    ['a garbage bcrypt hash', 'bcrypt', '$2a$99$garbage', null],
    ['a garbage argon2 hash', 'argon2', '$argon2id$v=19$m=wat', null],
    ['a garbage scrypt hash', 'scrypt', '$scrypt$ln=16$x$y', null],
    ['a truncated ASP.NET hash', 'aspnet-identity', 'AQAAAAIAAAD6', null],
    ['a prototype property as algorithm', 'constructor', 'x', null],
  ])('treats %s as a mismatch', async (_name, algorithm, hash, params) => {
    await expect(verifyLegacyHash(algorithm, hash, params, 'abc')).resolves.toBe(false);
  });
});
