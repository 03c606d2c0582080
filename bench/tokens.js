// The token endpoint's floor: jose RS256 signing of the same claims the app signs, with a 2048-bit key, in this
// process; and a client-credentials token from the real endpoint for the API runs.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { MANAGEMENT_SCOPES } from '../dist/domain/scopes.js';

/** A function signing one access token as the app does (claims and header of src/services/tokens.ts). */
export function rawSigner(issuer) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }); // a KeyObject, as the app's key ring holds
  const kid = randomBytes(16).toString('hex');
  const azp = randomBytes(20).toString('hex');
  const scopes = [...MANAGEMENT_SCOPES]; // an application created with the default scopes, `all`
  return () => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      aud: [`${issuer}/api`],
      azp,
      gty: ['client_credentials'],
      iat: now,
      exp: now + 86400,
      iss: issuer,
      jti: randomUUID(),
      scope: scopes.join(' '),
      scp: scopes,
      v: '2',
    })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .sign(privateKey);
  };
}

export const tokenForm = ({ client_id, client_secret }) =>
  new URLSearchParams({ grant_type: 'client_credentials', client_id, client_secret }).toString();

export async function fetchToken(baseUrl, credentials) {
  const response = await fetch(`${baseUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: tokenForm(credentials),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
  return (await response.json()).access_token;
}
