import { sign } from 'node:crypto';
import { errors, jwtVerify, type JWTPayload } from 'jose';
import type { KeyRing } from './keys.js';

const headers = new Map<string, string>();

/** The header is exactly `{"alg":"RS256","kid":…,"typ":"JWT"}`, in that order: Kinde's validator decodes it by hand. */
function encodedHeader(kid: string): string {
  let header = headers.get(kid);
  if (!header) {
    header = Buffer.from(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' })).toString('base64url');
    if (headers.size > 100) headers.clear();
    headers.set(kid, header);
  }
  return header;
}

/**
 * RS256 with node:crypto's callback form, which runs on libuv's thread pool: token endpoints sign two tokens per
 * grant, and this way both (and other requests' tokens) use every core instead of blocking the event loop.
 */
export function signJwt(keys: KeyRing, claims: JWTPayload): Promise<string> {
  const { kid, privateKey } = keys.signing;
  const input = `${encodedHeader(kid)}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), privateKey, (error, signature) =>
      error ? reject(error) : resolve(`${input}.${signature.toString('base64url')}`),
    );
  });
}

export class TokenRejected extends Error {}

const CACHE_LIMIT = 10_000;

interface Verified {
  payload: JWTPayload & { exp: number };
  kid: string;
}

/**
 * Verifies bearer tokens (signature, issuer, audience when one is set, expiry) and remembers the ones that passed until
 * they expire: clients send the same token on every call, and an RSA verification costs far more than the request
 * around it. A remembered token stops passing once its key is retired.
 */
export class TokenVerifier {
  private readonly verified = new Map<string, Verified>();

  constructor(
    private readonly keys: KeyRing,
    private readonly issuer: string,
    private readonly audience: string | undefined,
  ) {}

  async verify(token: string): Promise<JWTPayload> {
    const cached = this.verified.get(token);
    if (cached && cached.payload.exp * 1000 > Date.now() && this.keys.trusts(cached.kid)) return cached.payload;
    if (cached) this.verified.delete(token);

    if (token.split('.').length !== 3) throw new TokenRejected('token contains an invalid number of segments');
    let payload: JWTPayload;
    let kid = '';
    try {
      ({ payload } = await jwtVerify(
        token,
        async (header) => {
          const key = header.kid ? await this.keys.publicKey(header.kid) : undefined;
          if (!key) throw new TokenRejected('the JWT has an invalid kid: could not find kid in JWT header');
          kid = header.kid!;
          return key;
        },
        {
          issuer: this.issuer,
          ...(this.audience === undefined ? {} : { audience: this.audience }),
          algorithms: ['RS256'],
          requiredClaims: ['exp'],
        },
      ));
    } catch (error) {
      throw error instanceof TokenRejected ? error : new TokenRejected(describe(error));
    }
    if (this.verified.size >= CACHE_LIMIT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { payload: payload as JWTPayload & { exp: number }, kid });
    return payload;
  }
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token is expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `token has an invalid ${error.claim} claim`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  return 'token is malformed';
}
