import type { JWTPayload } from 'jose';
import { TokenRejected, TokenVerifier } from '../auth/jwt.js';
import type { Roster } from './context.js';

const verifiers = new WeakMap<Roster, TokenVerifier>();

/** Any access token this server issued, whatever its audience: signature, issuer and expiry. */
function verifierOf(roster: Roster): TokenVerifier {
  let verifier = verifiers.get(roster);
  if (!verifier) {
    verifier = new TokenVerifier(roster.keys, roster.config.issuer, undefined);
    verifiers.set(roster, verifier);
  }
  return verifier;
}

/** ID tokens are signed by the same keys; only access tokens carry `scp`. */
const isAccessToken = (claims: JWTPayload) => Array.isArray(claims.scp) && typeof claims.azp === 'string';

/** The claims of a live token signed here (an access or ID token, for any audience), or undefined. */
async function verifyIssuedToken(roster: Roster, token: string): Promise<JWTPayload | undefined> {
  try {
    return await verifierOf(roster).verify(token);
  } catch (error) {
    if (error instanceof TokenRejected) return undefined;
    throw error;
  }
}

/** The claims of a live access token issued here (a user's or an application's), or undefined. */
export async function verifyAccessToken(roster: Roster, token: string): Promise<JWTPayload | undefined> {
  const claims = await verifyIssuedToken(roster, token);
  return claims && isAccessToken(claims) ? claims : undefined;
}

/** The subject of a live ID token issued here, or undefined. */
export async function idTokenSubject(roster: Roster, token: string): Promise<string | undefined> {
  const claims = await verifyIssuedToken(roster, token);
  return claims && !isAccessToken(claims) && typeof claims.sub === 'string' ? claims.sub : undefined;
}

/** A user's access token: as above, and issued to a user (it has `sub`), not to an application by client_credentials. */
export async function verifyUserAccessToken(roster: Roster, token: string): Promise<(JWTPayload & { sub: string }) | undefined> {
  const claims = await verifyAccessToken(roster, token);
  if (!claims || typeof claims.sub !== 'string' || !claims.sub || claims.gty !== undefined) return undefined;
  return claims as JWTPayload & { sub: string };
}
