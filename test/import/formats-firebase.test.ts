import { describe, expect, test } from 'vitest';
import { parseImport } from '../../src/services/import/formats/index.js';
import { FIREBASE_EXAMPLE } from '../support/password-examples.js';
import { chunks, collect, fixtureStream as fixture } from './format-support.js';

const HASH_CONFIG = {
  signerKey: 'jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==',
  saltSeparator: 'Bw==',
  rounds: 8,
  memCost: 14,
};

const users = (...objects: unknown[]) => collect(parseImport(chunks(JSON.stringify({ users: objects })), 'firebase'));

describe('Firebase', () => {
  test('reads every field of the fixture (BOM, CRLF, pretty-printed, unicode) element by element', async () => {
    expect(await collect(parseImport(fixture('firebase-users.json'), 'firebase', { firebaseHashConfig: HASH_CONFIG }))).toStrictEqual([
      {
        ok: true,
        user: {
          row: 1,
          providedId: 'fb-1',
          firstName: 'Ann Marie',
          lastName: 'Smith',
          picture: 'https://example.com/ann.png',
          identities: [{ type: 'email', value: 'ann@example.com', isVerified: true, field: 'email' }],
          password: FIREBASE_EXAMPLE,
          ignored: ['lastSignedInAt', 'createdAt'],
        },
      },
      {
        ok: true,
        user: {
          row: 2,
          providedId: 'fb-2',
          firstName: 'Zoë',
          lastName: "Ó'Brien",
          picture: null,
          identities: [
            { type: 'email', value: 'zoë@gmail.com', isVerified: true, field: 'email' },
            { type: 'phone', value: '+447700900123', isVerified: true, field: 'phoneNumber' },
            {
              type: 'oauth2:google',
              value: '1177',
              isVerified: true,
              connectionId: 'google.com',
              field: 'providerUserInfo[0].rawId',
            },
          ],
          password: null,
          ignored: ['disabled', 'createdAt'],
        },
      },
      {
        ok: true,
        user: {
          row: 3,
          providedId: 'fb-3',
          firstName: '山田',
          lastName: null,
          picture: null,
          identities: [
            {
              type: 'oauth2:apple',
              value: '001.apple',
              isVerified: true,
              connectionId: 'apple.com',
              field: 'providerUserInfo[0].rawId',
            },
            {
              type: 'oauth2:facebook',
              value: '10158',
              isVerified: true,
              connectionId: 'facebook.com',
              field: 'providerUserInfo[1].rawId',
            },
            {
              type: 'oauth2:github',
              value: '4242',
              isVerified: true,
              connectionId: 'github.com',
              field: 'providerUserInfo[2].rawId',
            },
            {
              type: 'oauth2:twitter',
              value: '2244994945',
              isVerified: true,
              connectionId: 'twitter.com',
              field: 'providerUserInfo[3].rawId',
            },
            {
              type: 'oauth2:microsoft',
              value: '00000000-0000-0000-abcd',
              isVerified: true,
              connectionId: 'microsoft.com',
              field: 'providerUserInfo[4].rawId',
            },
          ],
          password: null,
          ignored: ['customAttributes'],
        },
      },
      {
        ok: false,
        row: 4,
        field: 'providerUserInfo',
        reason: 'The user has no email, phone or supported sign-in provider (an anonymous user?)',
      },
      {
        ok: true,
        user: {
          row: 5,
          providedId: 'fb-5',
          firstName: null,
          lastName: null,
          picture: null,
          identities: [{ type: 'email', value: 'oidc@example.com', isVerified: false, field: 'email' }],
          password: null,
          ignored: ['mfaInfo', 'providerUserInfo[0] (providerId "oidc.acme")'],
        },
      },
      { ok: false, row: 6, field: '', reason: 'Element 6 is a number, not a JSON object' },
      {
        ok: true,
        user: {
          row: 7,
          providedId: 'fb-7',
          firstName: null,
          lastName: null,
          picture: null,
          identities: [{ type: 'phone', value: '+61412345678', isVerified: true, field: 'phoneNumber' }],
          password: null,
          ignored: [],
        },
      },
    ]);
  });

  test('without the hash config, a user with a password hash is an error saying to pass it; others still import', async () => {
    const rows = await collect(parseImport(fixture('firebase-users.json'), 'firebase'));
    expect(rows[0]).toStrictEqual({
      ok: false,
      row: 1,
      field: 'passwordHash',
      reason:
        "Has a Firebase scrypt hash: pass the project's password hash config (signer key, salt separator, rounds, mem cost) to import it",
    });
    expect(rows.map((row) => row.ok)).toStrictEqual([false, true, true, false, true, false, true]);
  });

  test('displayName splits on its last space; the provider copy of an email stands in when the user has none', async () => {
    const rows = await users(
      {
        localId: 'a',
        displayName: '  María José   de la Cruz ',
        providerUserInfo: [{ providerId: 'password', rawId: 'a@example.com', email: 'a@example.com' }],
      },
      { localId: 'b', providerUserInfo: [{ providerId: 'phone', rawId: '+61412345678', phoneNumber: '+61412345678' }] },
      { localId: 'c', email: 'c@example.com', providerUserInfo: [{ providerId: 'google.com' }] },
    );
    expect(rows).toStrictEqual([
      {
        ok: true,
        user: {
          row: 1,
          providedId: 'a',
          firstName: 'María José   de la',
          lastName: 'Cruz',
          picture: null,
          identities: [{ type: 'email', value: 'a@example.com', isVerified: false, field: 'providerUserInfo[0].email' }],
          password: null,
          ignored: [],
        },
      },
      {
        ok: true,
        user: {
          row: 2,
          providedId: 'b',
          firstName: null,
          lastName: null,
          picture: null,
          identities: [{ type: 'phone', value: '+61412345678', isVerified: true, field: 'providerUserInfo[0].phoneNumber' }],
          password: null,
          ignored: [],
        },
      },
      { ok: false, row: 3, field: 'providerUserInfo[0].rawId', reason: 'Required for a social sign-in provider' },
    ]);
  });

  test('a file without a top-level users array cannot be read', async () => {
    await expect(collect(parseImport(chunks('{"kind":"x","accounts":[]}'), 'firebase'))).rejects.toThrow(
      'The file is not a Firebase auth export ({"users":[…]}): it has no "users" array',
    );
    await expect(collect(parseImport(chunks('{"users":{"localId":"a"}}'), 'firebase'))).rejects.toThrow(
      '"users" is not an array: the file is not a Firebase auth export ({"users":[…]})',
    );
    await expect(collect(parseImport(chunks('[{"localId":"a"}]'), 'firebase'))).rejects.toThrow(
      'The file is not a Firebase auth export ({"users":[…]})',
    );
  });

  test('an empty users array is a file with no rows', async () => {
    expect(await collect(parseImport(chunks('{"users":[]}'), 'firebase'))).toStrictEqual([]);
  });
});
