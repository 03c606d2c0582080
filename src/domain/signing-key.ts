/** An RS256 key as kept: both halves as JWK JSON (the private half sealed when a secret is set) and its schedule. */
export interface SigningKey {
  kid: string;
  publicJwk: string;
  privateJwk: string;
  createdOn: string;
  /** When the key starts signing; null means from `createdOn`. */
  signsFrom: string | null;
  /** From then on the key is neither published nor trusted. */
  retiredOn: string | null;
}
