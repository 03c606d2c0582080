import { randomBytes } from 'node:crypto';
import { hashSecret, randomAlphanumeric, secretMatches } from '../auth/secrets.js';
import { parseScopes } from '../domain/scopes.js';
import * as applications from '../store/applications.js';
import type { ApplicationRow } from '../store/schema.js';
import type { Roster } from './context.js';

export const APPLICATION_TYPES = ['m2m'] as const;
export type ApplicationType = (typeof APPLICATION_TYPES)[number];

export interface Application {
  client_id: string;
  name: string;
  type: string;
  scopes: string[];
  created_on: string;
}

export interface NewApplication {
  type: string;
  name: string;
  scopes: string;
}

const view = (row: ApplicationRow): Application => ({
  client_id: row.id,
  name: row.name,
  type: row.type,
  scopes: row.scopes.split(' ').filter(Boolean),
  created_on: row.created_on,
});

/** Creates an application and returns its secret: the only time the secret exists outside a hash. */
export async function createApplication(roster: Roster, input: NewApplication): Promise<Application & { client_secret: string }> {
  if (!(APPLICATION_TYPES as readonly string[]).includes(input.type)) throw new Error(`Unknown application type ${input.type}; use ${APPLICATION_TYPES.join(', ')}`);
  const name = input.name.trim();
  if (!name) throw new Error('An application needs a name');
  const secret = randomAlphanumeric(50);
  const row: ApplicationRow = {
    id: randomBytes(20).toString('hex'),
    name,
    type: input.type,
    secret_hash: hashSecret(secret),
    scopes: parseScopes(input.scopes).join(' '),
    created_on: new Date().toISOString(),
    redirect_uris: '[]',
    logout_uris: '[]',
    origins: '[]',
  };
  await applications.insertApplication(roster.database.db, row);
  return { ...view(row), client_secret: secret };
}

export async function listApplications(roster: Roster): Promise<Application[]> {
  return (await applications.listApplications(roster.database.db)).map(view);
}

/** The application these credentials belong to, or undefined: unknown id and wrong secret look the same. */
export async function authenticateClient(roster: Roster, clientId: string, secret: string): Promise<Application | undefined> {
  const row = await applications.findApplication(roster.database.db, clientId);
  if (!row?.secret_hash || !secretMatches(secret, row.secret_hash)) return undefined;
  return view(row);
}
