import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJwt } from '../../src/auth/jwt.js';
import { openKeyRing } from '../../src/services/key-ring.js';
import { ENGINE } from '../support/roster.js';
import { openTestStore, type TestStore } from '../support/store.js';

describe(`signing keys at rest (${ENGINE})`, () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.close());

  const storedPrivateKeys = async () =>
    (await store.db.selectFrom('signing_keys').select('private_jwk').execute()).map((r) => r.private_jwk);

  it('with ROSTER_KEY_ENCRYPTION_SECRET set, the private key is stored sealed and opens again with the same secret', async () => {
    const ring = await openKeyRing(store.db, 'correct horse battery staple');
    const [stored] = await storedPrivateKeys();
    expect(stored).toMatch(/^aes-256-gcm:/);
    expect(stored).not.toContain('"d"');

    const reopened = await openKeyRing(store.db, 'correct horse battery staple');
    expect(reopened.signing.kid).toBe(ring.signing.kid);
    const token = await signJwt(reopened, { sub: 'x', exp: Math.floor(Date.now() / 1000) + 60 });
    await expect(jwtVerify(token, ring.signing.publicKey)).resolves.toBeTruthy();
  });

  it('refuses to start without the secret, or with another one, instead of signing with a key it cannot read', async () => {
    await expect(openKeyRing(store.db, undefined)).rejects.toThrow(/ROSTER_KEY_ENCRYPTION_SECRET/);
    await expect(openKeyRing(store.db, 'another secret')).rejects.toThrow(/not the secret they were stored with/);
  });
});
