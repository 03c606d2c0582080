/** Proof Key for Code Exchange (RFC 7636, S256) and the random values of an authorization request. */

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** `bytes` random bytes as base64url: 32 give a 43-character code verifier. */
export const randomText = (bytes = 32) => base64url(crypto.getRandomValues(new Uint8Array(bytes)));

export async function challengeOf(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** A JWT's claims, unverified: only for tokens this page just received from the token endpoint over its own origin. */
export function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}

/** crypto.subtle exists only in secure contexts: https, or http on localhost. */
export const canSignIn = () => typeof crypto !== 'undefined' && crypto.subtle !== undefined;
