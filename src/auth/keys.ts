import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { SigningKey } from '../domain/signing-key.js';

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
  /** Epoch milliseconds. */
  signsFrom: number;
  retiresAt: number | null;
}

export const KEY_RELOAD_MS = 5_000;
/** How long clients may cache the JWKS (its Cache-Control max-age). */
export const JWKS_MAX_AGE_SECONDS = 60;
/** A rotated-in key is published this long before it signs: longer than any JWKS cache and any ring's reload. */
export const KEY_PUBLISH_DELAY_SECONDS = 2 * JWKS_MAX_AGE_SECONDS;

/** Where the ring keeps its keys: every node reads the same ones. */
export interface SigningKeySource {
  /** Keys still published at `now` (ISO-8601), oldest first. */
  published(now: string): Promise<SigningKey[]>;
  add(key: SigningKey): Promise<void>;
}

export interface KeyRingOptions {
  /** How stale the loaded keys may get before the next use reloads them from the database. */
  reloadMs?: number;
}

/**
 * The RS256 keys, kept in the database so every node signs with the same key and publishes the same JWKS.
 * Each key has a moment it starts signing and, once a newer key has taken over, a moment it retires; the ring picks
 * the signing key by the clock, so every node switches at the same time. Using the ring reloads it in the background
 * when it is more than a few seconds old; a rotation schedules the new key far enough ahead that every node has
 * loaded (and published) it before anyone signs with it.
 */
export class KeyRing {
  private keys: LoadedKey[] = [];
  private lastLoad = 0;
  private loading: Promise<void> | undefined;
  /** Whether opening found no key and made the first one. */
  createdOnOpen = false;

  private constructor(
    private readonly source: SigningKeySource,
    private readonly secret: string | undefined,
    private readonly reloadMs: number,
  ) {}

  static async open(source: SigningKeySource, secret: string | undefined, options: KeyRingOptions = {}): Promise<KeyRing> {
    const ring = new KeyRing(source, secret, options.reloadMs ?? KEY_RELOAD_MS);
    await ring.reload();
    if (ring.keys.length === 0) {
      await source.add(await newSigningKey(secret));
      ring.createdOnOpen = true;
      // Two nodes starting together may each add a key; after reloading both sign with the same one.
      await ring.reload();
    }
    return ring;
  }

  /** The key that signs now: of the published keys whose time has come, the one that came last. */
  get signing(): LoadedKey {
    this.reloadIfStale();
    const now = Date.now();
    let chosen: LoadedKey | undefined;
    for (const key of this.keys) {
      if (key.signsFrom > now || !live(key, now)) continue;
      if (!chosen || key.signsFrom > chosen.signsFrom || (key.signsFrom === chosen.signsFrom && key.kid > chosen.kid)) chosen = key;
    }
    if (!chosen) throw new Error('No signing key is active');
    return chosen;
  }

  jwks(): { keys: PublicJwk[] } {
    this.reloadIfStale();
    return this.publishedNow();
  }

  /**
   * The JWKS as the database has it, at most reloadMs old: a stale ring reloads before answering (keeping the keys it
   * has if the database cannot be read), so a key rotated on any node is published everywhere within that time.
   */
  async freshJwks(): Promise<{ keys: PublicJwk[] }> {
    if (Date.now() - this.lastLoad >= this.reloadMs) await this.reload().catch(() => {});
    return this.publishedNow();
  }

  private publishedNow(): { keys: PublicJwk[] } {
    const now = Date.now();
    return { keys: this.keys.filter((k) => live(k, now)).map((k) => k.jwk) };
  }

  /** Whether tokens signed under this kid may still be trusted: the key is loaded and not retired. */
  trusts(kid: string): boolean {
    const key = this.keys.find((k) => k.kid === kid);
    return key !== undefined && live(key, Date.now());
  }

  async publicKey(kid: string): Promise<KeyObject | undefined> {
    let found = this.keys.find((k) => k.kid === kid);
    if (!found && Date.now() - this.lastLoad >= this.reloadMs) {
      await this.reload();
      found = this.keys.find((k) => k.kid === kid);
    }
    return found && live(found, Date.now()) ? found.publicKey : undefined;
  }

  /** Loads the published keys now (single flight: concurrent callers share one query). */
  reload(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private reloadIfStale(): void {
    if (Date.now() - this.lastLoad < this.reloadMs || this.loading) return;
    // A failed background reload keeps the keys already loaded; the next use tries again.
    this.reload().catch(() => {});
  }

  private async load(): Promise<void> {
    const stored = await this.source.published(new Date().toISOString());
    const known = new Map(this.keys.map((k) => [k.kid, k]));
    this.keys = stored.map((key) => {
      const schedule = {
        signsFrom: Date.parse(key.signsFrom ?? key.createdOn),
        retiresAt: key.retiredOn ? Date.parse(key.retiredOn) : null,
      };
      const loaded = known.get(key.kid);
      if (loaded) return { ...loaded, ...schedule };
      const jwk = JSON.parse(key.publicJwk) as PublicJwk;
      const privateJwk = JSON.parse(unseal(key.privateJwk, this.secret)) as JWK;
      return {
        kid: key.kid,
        jwk,
        publicKey: createPublicKey({ key: jwk as never, format: 'jwk' }),
        privateKey: createPrivateKey({ key: privateJwk as never, format: 'jwk' }),
        ...schedule,
      };
    });
    this.lastLoad = Date.now();
  }
}

const live = (key: LoadedKey, now: number) => key.retiresAt === null || key.retiresAt > now;

/** A fresh key that signs from `signsFrom` (null: at once), its private half sealed with the secret when one is set. */
export async function newSigningKey(secret: string | undefined, now = new Date(), signsFrom: string | null = null): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  // Hex kids keep the base64url JWT header free of '-' and '_', which @kinde/jwt-validator cannot decode.
  const kid = randomBytes(16).toString('hex');
  const { n, e } = await exportJWK(publicKey);
  const jwk: PublicJwk = { kty: 'RSA', use: 'sig', alg: 'RS256', kid, n, e };
  return {
    kid,
    publicJwk: JSON.stringify(jwk),
    privateJwk: seal(JSON.stringify(await exportJWK(privateKey)), secret),
    createdOn: now.toISOString(),
    signsFrom,
    retiredOn: null,
  };
}

/** Private signing keys and webhook secrets are sealed alike. */
const SEALED = 'aes-256-gcm:';
const keyFrom = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

export function seal(plain: string, secret: string | undefined): string {
  if (!secret) return plain;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return SEALED + [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join('.');
}

export function unseal(stored: string, secret: string | undefined): string {
  if (!stored.startsWith(SEALED)) return stored;
  if (!secret) throw new Error('The signing keys are encrypted: set ROSTER_KEY_ENCRYPTION_SECRET');
  const [iv, tag, body] = stored
    .slice(SEALED.length)
    .split('.')
    .map((p) => Buffer.from(p, 'base64'));
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), iv!);
    decipher.setAuthTag(tag!);
    return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('The signing keys cannot be decrypted: ROSTER_KEY_ENCRYPTION_SECRET is not the secret they were stored with');
  }
}
