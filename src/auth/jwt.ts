import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { KeyRing } from './keys.js';

export function signJwt(keys: KeyRing, claims: JWTPayload): Promise<string> {
  const { kid, privateKey } = keys.signing;
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(privateKey);
}

export class TokenRejected extends Error {}

const CACHE_LIMIT = 10_000;

/**
 * Verifies bearer tokens (signature, issuer, audience, expiry) and remembers the ones that passed until they expire:
 * clients send the same token on every call, and an RSA verification costs far more than the request around it.
 */
export class TokenVerifier {
  private readonly verified = new Map<string, JWTPayload & { exp: number }>();

  constructor(
    private readonly keys: KeyRing,
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  async verify(token: string): Promise<JWTPayload> {
    const cached = this.verified.get(token);
    if (cached && cached.exp * 1000 > Date.now()) return cached;
    if (cached) this.verified.delete(token);

    if (token.split('.').length !== 3) throw new TokenRejected('token contains an invalid number of segments');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        async (header) => {
          const key = header.kid ? await this.keys.publicKey(header.kid) : undefined;
          if (!key) throw new TokenRejected('the JWT has an invalid kid: could not find kid in JWT header');
          return key;
        },
        { issuer: this.issuer, audience: this.audience, algorithms: ['RS256'], requiredClaims: ['exp'] },
      ));
    } catch (error) {
      throw error instanceof TokenRejected ? error : new TokenRejected(describe(error));
    }
    if (this.verified.size >= CACHE_LIMIT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, payload as JWTPayload & { exp: number });
    return payload;
  }
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token is expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `token has an invalid ${error.claim} claim`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  return 'token is malformed';
}
