import { KeyRing, type KeyRingOptions } from '../auth/keys.js';
import type { SigningKey } from '../domain/signing-key.js';
import type { Db } from '../store/database.js';
import * as keys from '../store/keys.js';

/** The ring of signing keys kept in this database. */
export function openKeyRing(db: Db, secret: string | undefined, options: KeyRingOptions = {}): Promise<KeyRing> {
  return KeyRing.open(
    { published: (now: string) => keys.publishedSigningKeys(db, now), add: (key: SigningKey) => keys.insertSigningKey(db, key) },
    secret,
    options,
  );
}
