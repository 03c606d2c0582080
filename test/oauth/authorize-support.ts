import { createHash } from 'node:crypto';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import { startSession } from '../../src/services/sessions.js';
import { createUser } from '../../src/services/users.js';
import type { TestServer } from '../support/roster.js';

export const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export interface Hop {
  status: number;
  location: string | null;
  contentType: string | null;
  body: string;
  setCookie: string[];
}

/** One browser hop: the request as a browser sends it, never following the redirect. */
export async function hop(server: TestServer, pathAndQuery: string, cookie?: string, headers: Record<string, string> = {}): Promise<Hop> {
  const response = await fetch(server.url + pathAndQuery, {
    redirect: 'manual',
    headers: { ...headers, ...(cookie ? { cookie: `roster_session=${cookie}` } : {}) },
    signal: AbortSignal.timeout(10_000),
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    contentType: response.headers.get('content-type'),
    body: await response.text(),
    setCookie: response.headers.getSetCookie(),
  };
}

/** A query string from pairs, so tests can repeat a parameter or leave one out. */
export const query = (pairs: [string, string][]) => new URLSearchParams(pairs).toString();

let count = 0;

/** A new user with one email identity, and a live session for it; returns the cookie token. */
export async function signedInUser(server: TestServer): Promise<{ userId: string; identityId: string; token: string; sessionId: string }> {
  const email = `user${++count}.${Date.now()}@example.com`;
  const { user, identities } = await createUser(server.roster, { identities: [{ type: 'email', details: { email } }] }, CLI_ACTOR);
  const identityId = identities[0]!.id;
  const { token, session } = await startSession(server.roster.database.db, { userId: user.id, identityId });
  return { userId: user.id, identityId, token, sessionId: session.id };
}
