import { secretMatches } from '../auth/secrets.js';
import { OAuthError } from '../domain/errors.js';
import * as applications from '../store/applications.js';
import type { ApplicationRow } from '../store/schema.js';
import type { Roster } from './context.js';

export interface ClientCredentials {
  clientId: string;
  /** Absent for a public client (an SPA), which sends only its id. */
  clientSecret?: string;
}

export interface AuthenticatedClient {
  clientId: string;
  type: string;
  scopes: string[];
  /** Whether it proved itself with a secret; a public client only named itself. */
  confidential: boolean;
}

const refused = () => new OAuthError(401, 'invalid_client', 'Client authentication failed');

/**
 * Applications are read at most every two seconds per client id: the token endpoint would otherwise pay a database
 * round trip per grant for a row that almost never changes. Unknown ids are not remembered.
 */
export const CLIENT_CACHE_MS = 2_000;
const cachedRows = new WeakMap<Roster, Map<string, { row: ApplicationRow; until: number }>>();

async function findApplication(roster: Roster, clientId: string): Promise<ApplicationRow | undefined> {
  let recent = cachedRows.get(roster);
  if (!recent) cachedRows.set(roster, (recent = new Map()));
  const cached = recent.get(clientId);
  if (cached && cached.until > Date.now()) return cached.row;
  const row = await applications.findApplication(roster.database.db, clientId);
  if (recent.size >= 1000) recent.clear();
  if (row) recent.set(clientId, { row, until: Date.now() + CLIENT_CACHE_MS });
  return row;
}

/** Drops this process's copy of an application; other processes drop theirs within CLIENT_CACHE_MS. */
export const forgetClient = (roster: Roster, clientId: string) => cachedRows.get(roster)?.delete(clientId);

/**
 * The client a request comes from. Applications with a secret must send it; SPAs have none and send only their id.
 * An unknown id, a wrong secret and a missing one all look the same to the caller.
 */
export async function authenticateOAuthClient(roster: Roster, credentials: ClientCredentials): Promise<AuthenticatedClient> {
  const row = await findApplication(roster, credentials.clientId);
  if (!row) throw refused();
  if (credentials.clientSecret !== undefined) {
    if (!row.secret_hash || !secretMatches(credentials.clientSecret, row.secret_hash)) throw refused();
  } else if (row.secret_hash || row.type !== 'spa') {
    throw refused();
  }
  return {
    clientId: row.id,
    type: row.type,
    scopes: row.scopes.split(' ').filter(Boolean),
    confidential: credentials.clientSecret !== undefined,
  };
}

/** The application types that sign users in: a web app with a secret, or an SPA with PKCE. */
export const SIGN_IN_TYPES = ['web', 'spa'];
