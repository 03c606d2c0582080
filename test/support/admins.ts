import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import { addAdmin } from '../../src/services/admins.js';
import { issueAuthorizationCode } from '../../src/services/authorization-codes.js';
import { CONSOLE_CLIENT_ID, consoleUrl } from '../../src/services/console-client.js';
import { managementAudience } from '../../src/services/context.js';
import { startSession } from '../../src/services/sessions.js';
import { createUser } from '../../src/services/users.js';
import type { TestServer } from './roster.js';

export interface SignedInPerson {
  userId: string;
  email: string;
  sessionId: string;
}

export const personEmail = (label: string) => `${label}.${randomBytes(4).toString('hex')}@example.com`;

/** A user with a confirmed email and a live session at Roster (as after the hosted sign-in page). */
export async function signedInPerson(server: TestServer, label: string): Promise<SignedInPerson> {
  const email = personEmail(label);
  const created = await createUser(server.roster, { identities: [{ type: 'email', is_verified: true, details: { email } }] }, CLI_ACTOR);
  const { session } = await startSession(server.roster.database.db, { userId: created.user.id, identityId: created.identities[0]!.id });
  return { userId: created.user.id, email, sessionId: session.id };
}

/** As above, and an admin with these scopes (`all` by default). */
export async function signedInAdmin(server: TestServer, label: string, scopes = 'all'): Promise<SignedInPerson> {
  const person = await signedInPerson(server, label);
  await addAdmin(server.roster, person.email, scopes, CLI_ACTOR);
  return person;
}

export interface TokenAnswer {
  status: number;
  body: any;
}

/**
 * The person's tokens from a PKCE code exchange by `clientId` (the console by default) at `redirectUri`, asking for
 * the Management API as audience unless told otherwise.
 */
export async function tokensFor(
  server: TestServer,
  person: SignedInPerson,
  options: { clientId?: string; redirectUri?: string; audience?: string[] } = {},
): Promise<TokenAnswer> {
  const clientId = options.clientId ?? CONSOLE_CLIENT_ID;
  const redirectUri = options.redirectUri ?? `${consoleUrl(server.roster)}/callback`;
  const verifier = randomBytes(32).toString('base64url');
  const code = await issueAuthorizationCode(server.roster.database.db, {
    clientId,
    userId: person.userId,
    sessionId: person.sessionId,
    redirectUri,
    scope: 'openid profile email offline',
    audience: options.audience ?? [managementAudience(server.roster.config)],
    nonce: null,
    codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
  });
  const response = await fetch(`${server.url}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: clientId,
      redirect_uri: redirectUri,
      code,
      code_verifier: verifier,
    }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: await response.json() };
}

/** The console's access token for this person, insisting the exchange works. */
export async function consoleToken(server: TestServer, person: SignedInPerson): Promise<string> {
  const answer = await tokensFor(server, person);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.access_token as string;
}
