import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyRing } from '../../src/auth/keys.js';
import { createApplication } from '../../src/services/applications.js';
import { openKeyRing } from '../../src/services/key-ring.js';
import { listSigningKeys, rotateSigningKey } from '../../src/services/signing-keys.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';
import { managementClaims, signAsServer } from '../support/tokens.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds, at most `timeoutMs`. */
async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 1000 && Date.now() < deadline; i++) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`not true within ${timeoutMs} ms`);
}

/**
 * Rotation with lifetimes of 2 s and a publish delay of 1 s: the new key is published at once and signs a second
 * later; the old key stays published until its last token has expired (1 + 2 s after the rotation), then is dropped.
 */
describe(`signing key rotation (${ENGINE})`, () => {
  const LIFETIME_SECONDS = 2;
  const DELAY_SECONDS = 1;
  let server: TestServer;
  let client: { client_id: string; client_secret: string };
  let other: KeyRing;
  beforeAll(async () => {
    server = await startServer({
      accessTokenSeconds: LIFETIME_SECONDS,
      consoleAccessTokenSeconds: LIFETIME_SECONDS,
      idTokenSeconds: LIFETIME_SECONDS,
    });
    client = await createApplication(server.roster, { type: 'm2m', name: 'rotation', scopes: 'read:users' });
    // A second node on the same database, reloading often.
    other = await openKeyRing(server.roster.database.db, server.config.keyEncryptionSecret, { reloadMs: 200 });
  });
  afterAll(() => server.close());

  const jwksKids = async () =>
    ((await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
  const mintKid = async () => {
    const response = await fetch(`${server.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.client_id,
        client_secret: client.client_secret,
      }).toString(),
    });
    expect(response.status).toBe(200);
    return decodeProtectedHeader(((await response.json()) as { access_token: string }).access_token).kid;
  };

  it('publishes the new key at once, signs with it after the delay, and drops the old one once its tokens have expired', async () => {
    const [oldKid] = await jwksKids();
    expect(await jwksKids()).toEqual([oldKid]);
    expect(await mintKid()).toBe(oldKid);
    // Signed by the old key with a long expiry, and accepted once so the verifier caches it.
    const longLived = await signAsServer(server.roster, managementClaims(server.roster, ['read:users']));
    expect((await server.api('GET', '/api/v1/users', undefined, longLived)).status).toBe(200);

    const rotatedAt = Date.now();
    const keys = await rotateSigningKey(server.roster, { publishDelaySeconds: DELAY_SECONDS });
    const newKid = keys.find((k) => k.state === 'next')!.kid;
    expect(keys.map((k) => [k.kid, k.state])).toEqual([
      [oldKid, 'signing'],
      [newKid, 'next'],
    ]);
    expect(Date.parse(keys[0]!.retired_on!) - Date.parse(keys[1]!.signs_from)).toBe(LIFETIME_SECONDS * 1000);

    // Published at once, by this node and (within its reload interval) by the other; nobody signs with it yet.
    expect(await jwksKids()).toEqual([oldKid, newKid]);
    await eventually(() => other.jwks().keys.length === 2, 2_000);
    if (Date.now() - rotatedAt < DELAY_SECONDS * 800) {
      expect(await mintKid()).toBe(oldKid);
      expect(other.signing.kid).toBe(oldKid);
    }

    // After the delay the new key signs everywhere; the old one is still published and trusted.
    await eventually(async () => (await mintKid()) === newKid, 3_000);
    expect(other.signing.kid).toBe(newKid);
    expect(await jwksKids()).toEqual([oldKid, newKid]);
    expect((await server.api('GET', '/api/v1/users', undefined, longLived)).status).toBe(200);
    expect((await listSigningKeys(server.roster)).map((k) => k.state)).toEqual(['previous', 'signing']);

    // Once every token it signed has expired, the old key leaves the JWKS and is trusted no more, cached or not.
    await eventually(async () => (await jwksKids()).length === 1, (DELAY_SECONDS + LIFETIME_SECONDS + 2) * 1000);
    expect(Date.now() - rotatedAt).toBeGreaterThanOrEqual((DELAY_SECONDS + LIFETIME_SECONDS) * 1000 - 50);
    expect(await jwksKids()).toEqual([newKid]);
    const refused = await server.api('GET', '/api/v1/users', undefined, longLived);
    expect(refused.status).toBe(403);
    expect(other.trusts(oldKid!)).toBe(false);
    expect(other.jwks().keys.map((k) => k.kid)).toEqual([newKid]);
    expect((await listSigningKeys(server.roster)).map((k) => k.state)).toEqual(['retired', 'signing']);
  }, 20_000);
});
