import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Db } from '../store/database.js';
import { activeSigningKeys, insertSigningKey } from '../store/keys.js';
import type { SigningKeyRow } from '../store/schema.js';

export interface PublicJwk extends JWK {
  kid: string;
  kty: 'RSA';
  use: 'sig';
  alg: 'RS256';
}

interface LoadedKey {
  kid: string;
  jwk: PublicJwk;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

const RELOAD_INTERVAL_MS = 5_000;

/**
 * The RS256 keys, kept in the database so every node signs with the same key and publishes the same JWKS.
 * The oldest active key signs; all active keys are published. A token with an unknown kid makes the ring reload
 * (at most every few seconds), so keys added by another node are picked up without a restart.
 */
export class KeyRing {
  private keys: LoadedKey[] = [];
  private lastLoad = 0;

  private constructor(
    private readonly db: Db,
    private readonly secret: string | undefined,
  ) {}

  static async open(db: Db, secret: string | undefined): Promise<KeyRing> {
    const ring = new KeyRing(db, secret);
    await ring.reload();
    if (ring.keys.length === 0) {
      await insertSigningKey(db, await newKeyRow(secret));
      // Two nodes starting together may each add a key; reloading makes both sign with the older one.
      await ring.reload();
    }
    return ring;
  }

  get signing(): LoadedKey {
    const key = this.keys[0];
    if (!key) throw new Error('No signing key is active');
    return key;
  }

  jwks(): { keys: PublicJwk[] } {
    return { keys: this.keys.map((k) => k.jwk) };
  }

  async publicKey(kid: string): Promise<KeyObject | undefined> {
    const found = this.keys.find((k) => k.kid === kid);
    if (found || Date.now() - this.lastLoad < RELOAD_INTERVAL_MS) return found?.publicKey;
    await this.reload();
    return this.keys.find((k) => k.kid === kid)?.publicKey;
  }

  private async reload(): Promise<void> {
    const rows = await activeSigningKeys(this.db);
    this.keys = rows.map((row) => {
      const jwk = JSON.parse(row.public_jwk) as PublicJwk;
      const privateJwk = JSON.parse(unseal(row.private_jwk, this.secret)) as JWK;
      return { kid: row.kid, jwk, publicKey: createPublicKey({ key: jwk as never, format: 'jwk' }), privateKey: createPrivateKey({ key: privateJwk as never, format: 'jwk' }) };
    });
    this.lastLoad = Date.now();
  }
}

export async function newKeyRow(secret: string | undefined): Promise<SigningKeyRow> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  // Hex kids keep the base64url JWT header free of '-' and '_', which @kinde/jwt-validator cannot decode.
  const kid = randomBytes(16).toString('hex');
  const { n, e } = await exportJWK(publicKey);
  const jwk: PublicJwk = { kty: 'RSA', use: 'sig', alg: 'RS256', kid, n, e };
  return {
    kid,
    public_jwk: JSON.stringify(jwk),
    private_jwk: seal(JSON.stringify(await exportJWK(privateKey)), secret),
    created_on: new Date().toISOString(),
    retired_on: null,
  };
}

const SEALED = 'aes-256-gcm:';
const keyFrom = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

function seal(plain: string, secret: string | undefined): string {
  if (!secret) return plain;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return SEALED + [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join('.');
}

function unseal(stored: string, secret: string | undefined): string {
  if (!stored.startsWith(SEALED)) return stored;
  if (!secret) throw new Error('The signing keys are encrypted: set ROSTER_KEY_ENCRYPTION_SECRET');
  const [iv, tag, body] = stored.slice(SEALED.length).split('.').map((p) => Buffer.from(p, 'base64'));
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), iv!);
    decipher.setAuthTag(tag!);
    return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('The signing keys cannot be decrypted: ROSTER_KEY_ENCRYPTION_SECRET is not the secret they were stored with');
  }
}
