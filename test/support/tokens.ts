import { randomBytes, randomUUID } from 'node:crypto';
import { exportSPKI, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { MANAGEMENT_SCOPES } from '../../src/domain/scopes.js';
import { managementAudience, type Roster } from '../../src/services/context.js';

// Hand-made access tokens for the bearer guard's tests: the claims `clientCredentialsGrant` issues, signed (or not) in
// the ways an attacker or a broken client would. Every forgery differs from a valid token in exactly one respect.

const now = () => Math.floor(Date.now() / 1000);

/** The claims of a Management API token as Roster issues it, for these scopes, with `overrides` applied last. */
export function managementClaims(roster: Roster, scopes: readonly string[] = MANAGEMENT_SCOPES, overrides: JWTPayload = {}): JWTPayload {
  const issued = now();
  return {
    aud: [managementAudience(roster.config)],
    azp: 'forged_client',
    gty: ['client_credentials'],
    iat: issued,
    exp: issued + 3600,
    iss: roster.config.issuer,
    jti: randomUUID(),
    scope: scopes.join(' '),
    scp: [...scopes],
    v: '2',
    ...overrides,
  };
}

/** Signed with the server's own key and kid: valid unless the claims say otherwise. */
export function signAsServer(roster: Roster, claims: JWTPayload): Promise<string> {
  const { kid, privateKey } = roster.keys.signing;
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(privateKey);
}

/** RS256 with a key the server never had, under the server's kid (so only the signature check can catch it). */
export async function signWithStrangerKey(roster: Roster, claims: JWTPayload): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: roster.keys.signing.kid, typ: 'JWT' }).sign(privateKey);
}

/** Signed with the server's key, but naming a kid the server does not publish. */
export function signWithUnknownKid(roster: Roster, claims: JWTPayload): Promise<string> {
  const kid = randomBytes(16).toString('hex');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(roster.keys.signing.privateKey);
}

/** `alg: none` with an empty signature, naming the server's kid. */
export function unsignedToken(roster: Roster, claims: JWTPayload): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', kid: roster.keys.signing.kid, typ: 'JWT' })}.${part(claims)}.`;
}

/** The classic key-confusion forgery: HS256 keyed with the server's public key (which anyone can fetch from the JWKS). */
export async function hmacWithPublicKey(roster: Roster, claims: JWTPayload): Promise<string> {
  const pem = await exportSPKI(roster.keys.signing.publicKey);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', kid: roster.keys.signing.kid, typ: 'JWT' })
    .sign(new TextEncoder().encode(pem));
}

/** A genuine token whose payload was edited afterwards (scopes widened), keeping the original signature. */
export async function tamperedToken(roster: Roster): Promise<string> {
  const [header, , signature] = (await signAsServer(roster, managementClaims(roster, ['read:users']))).split('.');
  const payload = Buffer.from(JSON.stringify(managementClaims(roster))).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Claims that make a token signed by the server still unacceptable. */
export const badClaims = {
  expired: (roster: Roster) => managementClaims(roster, MANAGEMENT_SCOPES, { iat: now() - 7200, exp: now() - 3600 }),
  wrongIssuer: (roster: Roster) => managementClaims(roster, MANAGEMENT_SCOPES, { iss: 'https://attacker.example.com' }),
  wrongAudience: (roster: Roster) => managementClaims(roster, MANAGEMENT_SCOPES, { aud: ['https://attacker.example.com/api'] }),
  noExpiry: (roster: Roster) => {
    const { exp: _dropped, ...claims } = managementClaims(roster);
    return claims;
  },
  notYetValid: (roster: Roster) => managementClaims(roster, MANAGEMENT_SCOPES, { nbf: now() + 3600 }),
};
