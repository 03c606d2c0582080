import { describe, expect, it } from 'vitest';
import { verifyLegacyHash } from '../../src/auth/legacy-hashes.js';
import { normaliseImportedPassword, type ImportedPassword } from '../../src/domain/imported-password.js';

/** Imports a hash the way the importer does, then verifies a password against the stored row. */
async function verifies(input: ImportedPassword, password: string): Promise<boolean> {
  const row = normaliseImportedPassword(input);
  return verifyLegacyHash(row.algorithm, row.hash, row.params && JSON.stringify(row.params), password);
}

const crypt = (hashed_password: string) => ({ hashing_method: 'crypt', hashed_password });
const wordpress = (hashed_password: string) => ({ hashing_method: 'wordpress', hashed_password });

// Drepper's SHA-crypt specification examples, as php-src's ext/standard/tests/strings/crypt_sha256.phpt and
// crypt_sha512.phpt check them.
const SHA_CRYPT_SPEC: [string, string][] = [
  ['Hello world!', '$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5'],
  ['Hello world!', '$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA'],
  ['This is just a test', '$5$rounds=5000$toolongsaltstrin$Un/5jzAHMgOGZ5.mWJpuVolil07guHPvOW8mGRcvxa5'],
  [
    'a very much longer text to encrypt.  This one even stretches over morethan one line.',
    '$5$rounds=1400$anotherlongsalts$Rx.j8H.h8HjEDGomFU8bDkXm3XIUnzyxf12oP84Bnq1',
  ],
  ['we have a short salt string but not a short password', '$5$rounds=77777$short$JiO1O3ZpDAxGJeaDIuqCoEFysAe1mZNJRs3pw0KQRd/'],
  ['a short string', '$5$rounds=123456$asaltof16chars..$gP3VQ/6X7UUEW3HkBn2w1/Ptq2jxPyzV/cZKmF/wJvD'],
  ['the minimum number is still observed', '$5$rounds=1000$roundstoolow$yfvwcWrQ8l/K0DAWyuPMDNHpIVlTQebY9l/gL972bIC'],
  ['Hello world!', '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1'],
  [
    'Hello world!',
    '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.',
  ],
  [
    'This is just a test',
    '$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0',
  ],
  [
    'a very much longer text to encrypt.  This one even stretches over morethan one line.',
    '$6$rounds=1400$anotherlongsalts$POfYwTEok97VWcjxIiSOjiykti.o/pQs.wPvMxQ6Fm7I6IoYN3CmLs66x9t0oSwbtEW7o7UmJEiDwGqd8p4ur1',
  ],
  [
    'we have a short salt string but not a short password',
    '$6$rounds=77777$short$WuQyW2YR.hBNpjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CCaUeOxFmtlcGZelFl5CxtgfiAc0',
  ],
  [
    'a short string',
    '$6$rounds=123456$asaltof16chars..$BtCwjqMJGx5hrJhZywWvt0RLE8uZ4oPwcelCjmw2kSYu.Ec6ycULevoBK25fs2xXgMNrCzIMVcgEJAstJeonj1',
  ],
  [
    'the minimum number is still observed',
    '$6$rounds=1000$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.',
  ],
  ['foo', '$6$$QMXjqd7rHQZPQ1yHsXkQqC1FBzDiVfTHXL.LaeDAeVV.IzMaV9VU4MQ8kPuZa2SOP1A0RPm772EaFYjpEJtdu.'],
];

describe('SHA-256-crypt and SHA-512-crypt', () => {
  it.each(SHA_CRYPT_SPEC)('the spec example for %j matches %s', async (password, hash) => {
    expect(await verifies(crypt(hash), password)).toBe(true);
    expect(await verifies(crypt(hash), `${password}x`)).toBe(false);
  });

  it('hashes the UTF-8 bytes of the password (passlib sha512_crypt vector)', async () => {
    const hash = '$6$rounds=40000$PEZTJDiyzV28M3.m$GTlnzfzGB44DGd1XqlmC4erAJKCP.rhvLvrYxiT38htrNzVGBnplFOHjejUGVrCfusGWxLQCc3pFO0A/1jYYr0';
    expect(await verifies(crypt(hash), 't\u00e1\u0411\u2113\u0259')).toBe(true);
    expect(await verifies(crypt('$5$rounds=1000$IbG0EuGQXw5EkMdP$LQ5AfPf13KufFsKtmazqnzSGZ4pxtUNw3woQ.ELRDF4'), 'with unic\u00d6de')).toBe(
      true,
    );
  });

  it('passes John the Ripper’s vectors, empty password included (via passlib)', async () => {
    expect(await verifies(crypt('$5$LKO/Ute40T3FNF95$U0prpBQd4PloSGU0pnpM4z9wKn4vZ1.jsrzQfPqxph9'), 'U*U*U*U*')).toBe(true);
    expect(await verifies(crypt('$5$kc7lRD1fpYg0g.IP$d7CMTcEqJyTXyeq8hTdu/jB/I6DGkoo62NXbHIR7S43'), '')).toBe(true);
    expect(
      await verifies(
        crypt('$6$ojWH1AiTee9x1peC$QVEnTvRVlPRhcLQCk/HnHaZmlGAAjCfrAN0FtOsOnUk5K5Bn/9eLHHiRzrTzaIKjW9NTLNIBUCtNVOowWS2mN.'),
        '',
      ),
    ).toBe(true);
  });

  it('lets other work run while it computes many rounds', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await verifies(
      crypt('$6$rounds=123456$asaltof16chars..$BtCwjqMJGx5hrJhZywWvt0RLE8uZ4oPwcelCjmw2kSYu.Ec6ycULevoBK25fs2xXgMNrCzIMVcgEJAstJeonj1'),
      'a short string',
    );
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(5);
  });
});

describe('MD5-crypt', () => {
  // John the Ripper 1.7.9 and passlib's own vectors, from passlib's test_handlers.py.
  it.each([
    ['U*U*U*U*', '$1$dXc3I7Rw$ctlgjDdWJLMT.qwHsWhXR1'],
    ['U*U***U', '$1$dXc3I7Rw$94JPyQc/eAgQ3MFMCoMF.0'],
    ['', '$1$Eu.GHtia$CFkL/nE1BYTlEPiVx1VWX0'],
    ['test', '$1$ec6XvcoW$ghEtNK2U1MC5l.Dwgi3020'],
    ['4lpHa N|_|M3r1K W/ Cur5Es: #$%(*)(*%#', '$1$jQS7o98J$V6iTcr71CGgwW2laf17pi1'],
    ['s', '$1$ssssssss$YgmLTApYTv12qgTwBoj8i/'],
    ['t\u00e1\u0411\u2113\u0259', '$1$d6/Ky1lU$/xpf8m7ftmWLF.TjHCqel0'],
  ])('%j matches %s', async (password, hash) => {
    expect(await verifies(crypt(hash), password)).toBe(true);
    expect(await verifies(crypt(hash), `${password}!`)).toBe(false);
  });

  it('verifies Apache’s $apr1$ (httpd’s password_encryptions page, and passlib)', async () => {
    expect(await verifies(crypt('$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/'), 'myPassword')).toBe(true);
    expect(await verifies(crypt('$apr1$bzYrOHUx$a1FcpXuQDJV3vPY20CS6N1'), 't\u00e1\u0411\u2113\u0259')).toBe(true);
    expect(await verifies(crypt('$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/'), 'mypassword')).toBe(false);
  });
});

describe('crypt also takes bcrypt', () => {
  it('stores a $2y$ crypt hash as bcrypt (php-src password_hash.phpt)', async () => {
    const row = normaliseImportedPassword(crypt('$2y$07$usesomesillystringfore2uDLvp1Ii2e./U9C8sBjqp8I90dH6hi'));
    expect(row.algorithm).toBe('bcrypt');
    expect(await verifyLegacyHash(row.algorithm, row.hash, null, 'rasmuslerdorf')).toBe(true);
  });
});

describe('WordPress', () => {
  // phpass's own test.php vector, then John the Ripper's and passlib's (passlib test_handlers.py).
  it.each([
    ['test12345', '$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0'],
    ['test1', '$H$9aaaaaSXBjgypwqm.JsMssPLiS8YQ00'],
    ['thisisalongertestPW', '$P$912345678LIjjb6PhecupozNBmDndU0'],
    ['JohnRipper', '$P$B12345678L6Lpt4BxNotVIMILOa9u81'],
    ['compL3X!', '$P$FiS0N5L672xzQx1rt1vgdJQRYKnQM9/'],
    ['t\u00e1\u0411\u2113\u0259', '$P$7SMy8VxnfsIy2Sxm7fJxDSdil.h7TW.'],
    // AuthMe's WORDPRESS test (AuthMeReloaded WORDPRESSTest.java).
    ['password', '$P$B9wyjxuU4yrfjnnHNGSzH9ti9CC0Os1'],
    ['âË_3(íù*', '$P$BjzPjxxyjp2QdKcab/oTW8l/W0AgE21'],
  ])('phpass: %j matches %s', async (password, hash) => {
    expect(await verifies(wordpress(hash), password)).toBe(true);
    expect(await verifies(wordpress(hash), `${password}1`)).toBe(false);
  });

  it('verifies WordPress 6.8 $wp$2y$ hashes: bcrypt over base64(HMAC-SHA384("wp-sha384", password))', async () => {
    // A hash from a WordPress database (rnaga/wp-node's tests) and a pinned admin hash a setup script checks with PHP.
    expect(await verifies(wordpress('$wp$2y$10$WLfs9dC4gT9SDud/lNl.cePR.afwHqedp87wHMrMa6.Lyqf5zmZQa'), 'wp')).toBe(true);
    expect(await verifies(wordpress('$wp$2y$10$Q1xinFjrZeLWJBvxviIL6u834Fu.evIEFHAUVisQ5O.w9Dm0sMdES'), 'admin')).toBe(true);
    expect(await verifies(wordpress('$wp$2y$10$Q1xinFjrZeLWJBvxviIL6u834Fu.evIEFHAUVisQ5O.w9Dm0sMdES'), 'Admin')).toBe(false);
    // Without the pre-hash the bcrypt part alone does not take the password.
    expect(await verifyLegacyHash('bcrypt', '$2y$10$Q1xinFjrZeLWJBvxviIL6u834Fu.evIEFHAUVisQ5O.w9Dm0sMdES', null, 'admin')).toBe(false);
  });

  it('trims the password as wp_authenticate does', async () => {
    expect(await verifies(wordpress('$wp$2y$10$WLfs9dC4gT9SDud/lNl.cePR.afwHqedp87wHMrMa6.Lyqf5zmZQa'), ' wp\t')).toBe(true);
    expect(await verifies(wordpress('$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0'), 'test12345 ')).toBe(true);
  });

  it('takes plain bcrypt and a bare MD5 too, as wp_check_password does', async () => {
    const bcryptRow = normaliseImportedPassword(wordpress('$2y$07$usesomesillystringfore2uDLvp1Ii2e./U9C8sBjqp8I90dH6hi'));
    expect(bcryptRow.algorithm).toBe('bcrypt');
    // RFC 1321 A.5: MD5("abc").
    const md5Row = normaliseImportedPassword(wordpress('900150983CD24FB0D6963F7D28E17F72'));
    expect(md5Row).toEqual({ algorithm: 'md5', hash: '900150983cd24fb0d6963f7d28e17f72', params: null });
    expect(await verifyLegacyHash('md5', md5Row.hash, null, 'abc')).toBe(true);
  });
});

describe('malformed crypt-family hashes are mismatches', () => {
  it.each([
    ['crypt', '$1$dOHYPKoP$tnxS1T8Q6VVn3kpV8cN6o!'],
    ['crypt', '$1$dOHYPKoP$tnxS1T8Q6VVn3kpV8cN6o.$'],
    ['crypt', '$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc'],
    ['crypt', '$6$rounds=999999999$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1'],
    ['crypt', '$7$whatever'],
    ['phpass', '$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r!L0'],
    ['phpass', '$P$zIQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0'],
    ['wordpress-bcrypt', '$wp$2y$10$short'],
    ['wordpress-bcrypt', '$2y$10$WLfs9dC4gT9SDud/lNl.cePR.afwHqedp87wHMrMa6.Lyqf5zmZQa'],
  ])('%s %s', async (algorithm, hash) => {
    await expect(verifyLegacyHash(algorithm, hash, null, 'password')).resolves.toBe(false);
  });
});
