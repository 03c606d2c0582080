import { randomBytes } from 'node:crypto';
import { hashSecret, randomAlphanumeric } from '../auth/secrets.js';
import { checkAccentColor } from '../domain/accent-color.js';
import { CLI_ACTOR, type Actor } from '../domain/actor.js';
import { checkList, checkLogoUrl, checkOrigin, checkRedirectUri } from '../domain/client-uris.js';
import { invalid } from '../domain/errors.js';
import { parseScopes } from '../domain/scopes.js';
import * as applications from '../store/applications.js';
import type { ApplicationRow } from '../store/schema.js';
import { audit } from './audit.js';
import { forgetClient } from './client-authentication.js';
import { CONSOLE_CLIENT_ID } from './console-client.js';
import { inTransaction, type Roster } from './context.js';

/** `m2m` calls the Management API with its own token; `web` signs users in with a secret; `spa` with PKCE and no secret. */
export const APPLICATION_TYPES = ['m2m', 'web', 'spa'] as const;
export type ApplicationType = (typeof APPLICATION_TYPES)[number];

export interface Application {
  client_id: string;
  name: string;
  type: ApplicationType;
  scopes: string[];
  redirect_uris: string[];
  logout_uris: string[];
  origins: string[];
  /** What the hosted pages show of the application, besides its name. */
  logo_url: string | null;
  accent_color: string | null;
  created_on: string;
}

export interface NewApplication {
  type: string;
  name: string;
  /** Management API scopes, space-separated, or `all`; defaults to `all` for m2m and none otherwise. */
  scopes?: string;
  redirect_uris?: readonly string[];
  logout_uris?: readonly string[];
  origins?: readonly string[];
  logo_url?: string;
  /** A hex colour; stored as `#rrggbb`. */
  accent_color?: string;
}

const isApplicationType = (type: string): type is ApplicationType => (APPLICATION_TYPES as readonly string[]).includes(type);

const jsonList = (text: string): string[] => {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

export const applicationView = (row: ApplicationRow): Application => ({
  client_id: row.id,
  name: row.name,
  type: row.type as ApplicationType,
  scopes: row.scopes.split(' ').filter(Boolean),
  redirect_uris: jsonList(row.redirect_uris),
  logout_uris: jsonList(row.logout_uris),
  origins: jsonList(row.origins),
  logo_url: row.logo_url,
  accent_color: row.accent_color,
  created_on: row.created_on,
});

/**
 * Creates an application. Web and M2M applications get a secret, returned here and only here (the database keeps its
 * hash); a SPA has none and must use PKCE.
 */
export function createApplication(
  roster: Roster,
  input: NewApplication & { type: 'm2m' | 'web' },
  actor?: Actor,
): Promise<Application & { client_secret: string }>;
export function createApplication(roster: Roster, input: NewApplication, actor?: Actor): Promise<Application & { client_secret?: string }>;
export async function createApplication(
  roster: Roster,
  input: NewApplication,
  actor: Actor = CLI_ACTOR,
): Promise<Application & { client_secret?: string }> {
  const type = input.type;
  if (!isApplicationType(type))
    throw invalid('INVALID_APPLICATION_TYPE', `Unknown application type ${type}; use ${APPLICATION_TYPES.join(', ')}`, 'type');
  const settings = checkedSettings(type, { ...input, scopes: input.scopes ?? (type === 'm2m' ? 'all' : '') });
  const secret = type === 'spa' ? undefined : randomAlphanumeric(50);
  const row: ApplicationRow = {
    id: randomBytes(20).toString('hex'),
    type,
    secret_hash: secret === undefined ? null : hashSecret(secret),
    created_on: new Date().toISOString(),
    ...settings,
  };
  await inTransaction(roster, async (trx) => {
    await applications.insertApplication(trx, row);
    await audit(
      trx,
      actor,
      'application.created',
      { userId: null },
      { application: { id: row.id, name: row.name, type, scopes: settings.scopes.split(' ').filter(Boolean) } },
    );
  });
  return secret === undefined ? applicationView(row) : { ...applicationView(row), client_secret: secret };
}

/** What `updateApplication` may change; a field left out keeps its value, a list given replaces the whole list. */
export interface ApplicationChanges {
  name?: string;
  scopes?: string;
  redirect_uris?: readonly string[];
  logout_uris?: readonly string[];
  origins?: readonly string[];
  /** An empty string removes the logo or the accent colour. */
  logo_url?: string;
  accent_color?: string;
}

/**
 * Changes an application's settings under the same rules as creating it; its client id and secret stay, so the apps
 * using it go on working. Returns undefined when no application has that client id.
 */
export async function updateApplication(roster: Roster, clientId: string, changes: ApplicationChanges): Promise<Application | undefined> {
  if (clientId === CONSOLE_CLIENT_ID)
    throw invalid('CONSOLE_APPLICATION', `${CONSOLE_CLIENT_ID} is Roster's own admin console; roster serve sets it up`);
  const updated = await inTransaction(roster, async (trx) => {
    const row = await applications.lockApplication(trx, clientId);
    if (!row) return undefined;
    const now = applicationView(row);
    const blankIsNone = (value: string | undefined, current: string | null) =>
      value === undefined ? (current ?? undefined) : value || undefined;
    const settings = checkedSettings(now.type, {
      name: changes.name ?? now.name,
      scopes: changes.scopes ?? now.scopes.join(' '),
      redirect_uris: changes.redirect_uris ?? now.redirect_uris,
      logout_uris: changes.logout_uris ?? now.logout_uris,
      origins: changes.origins ?? now.origins,
      logo_url: blankIsNone(changes.logo_url, now.logo_url),
      accent_color: blankIsNone(changes.accent_color, now.accent_color),
    });
    await applications.updateApplication(trx, clientId, settings);
    return { ...row, ...settings };
  });
  forgetClient(roster, clientId);
  return updated && applicationView(updated);
}

/**
 * Gives a web or m2m application a new secret, returned here and only here; the old one stops working at once.
 * Returns undefined when no application has that client id.
 */
export async function rotateApplicationSecret(
  roster: Roster,
  clientId: string,
): Promise<(Application & { client_secret: string }) | undefined> {
  const row = await applications.findApplication(roster.database.db, clientId);
  if (!row) return undefined;
  if (row.type === 'spa') throw invalid('SPA_HAS_NO_SECRET', 'A spa application has no secret: it signs in with PKCE');
  const secret = randomAlphanumeric(50);
  if (!(await applications.updateApplication(roster.database.db, clientId, { secret_hash: hashSecret(secret) }))) return undefined;
  forgetClient(roster, clientId);
  return { ...applicationView(row), client_secret: secret };
}

type Settings = Omit<ApplicationRow, 'id' | 'type' | 'secret_hash' | 'created_on'>;

/** The checked columns of an application of this type, from what was asked for: one set of rules for create and update. */
function checkedSettings(type: ApplicationType, input: Omit<NewApplication, 'type'> & { scopes: string }): Settings {
  const name = input.name.trim();
  if (!name) throw invalid('NAME_REQUIRED', 'An application needs a name', 'name');
  const scopes = parseScopes(input.scopes);
  const redirectUris = checkList(input.redirect_uris ?? [], (uri) => checkRedirectUri(uri), 'redirect_uris');
  const logoutUris = checkList(input.logout_uris ?? [], (uri) => checkRedirectUri(uri, 'A logout URI'), 'logout_uris');
  const origins = checkList(input.origins ?? [], checkOrigin, 'origins');
  if (type === 'm2m' && (redirectUris.length || logoutUris.length || origins.length)) {
    const field = redirectUris.length ? 'redirect_uris' : logoutUris.length ? 'logout_uris' : 'origins';
    throw invalid('M2M_SIGNS_NO_ONE_IN', 'An m2m application signs no one in: it takes no redirect URIs, logout URIs or origins', field);
  }
  const logoUrl = input.logo_url === undefined ? null : checkLogoUrl(input.logo_url);
  const accentColor = input.accent_color === undefined ? null : checkAccentColor(input.accent_color);
  if (type === 'm2m' && (logoUrl || accentColor))
    throw invalid(
      'M2M_SHOWS_NO_PAGES',
      'An m2m application shows no pages: it takes no logo or accent colour',
      logoUrl ? 'logo_url' : 'accent_color',
    );
  if (type !== 'm2m' && !redirectUris.length)
    throw invalid('REDIRECT_URI_REQUIRED', `A ${type} application needs at least one redirect URI`, 'redirect_uris');
  return {
    name,
    scopes: scopes.join(' '),
    redirect_uris: JSON.stringify(redirectUris),
    logout_uris: JSON.stringify(logoutUris),
    origins: JSON.stringify(origins),
    logo_url: logoUrl,
    accent_color: accentColor,
  };
}

export async function listApplications(roster: Roster): Promise<Application[]> {
  return (await applications.listApplications(roster.database.db)).map(applicationView);
}

/**
 * Deletes an application at once with its authorization codes and refresh tokens, so nothing it was given can be
 * exchanged again. Access tokens already issued are self-contained JWTs and stay valid until they expire.
 */
export async function deleteApplication(roster: Roster, clientId: string, actor: Actor = CLI_ACTOR): Promise<boolean> {
  if (clientId === CONSOLE_CLIENT_ID)
    throw invalid('CONSOLE_APPLICATION', `${CONSOLE_CLIENT_ID} is Roster's own admin console; it cannot be deleted`);
  const deleted = await inTransaction(roster, async (trx) => {
    const gone = await applications.deleteApplication(trx, clientId);
    if (gone) await audit(trx, actor, 'application.deleted', { userId: null }, { application: { id: clientId } });
    return gone;
  });
  forgetClient(roster, clientId);
  return deleted;
}

/** The application with this client id, without any proof of who is asking: for public clients (SPAs) and redirects. */
export async function findClient(roster: Roster, clientId: string): Promise<Application | undefined> {
  const row = await applications.findApplication(roster.database.db, clientId);
  return row && applicationView(row);
}

/** Every origin registered by an application that signs users in from a browser (web and spa). */
export async function listBrowserOrigins(roster: Roster): Promise<string[]> {
  const rows = await applications.listSignInAllowLists(roster.database.db);
  return [...new Set(rows.flatMap((row) => jsonList(row.origins)))];
}

/** The logout URIs registered by web and SPA applications, or by one of them when its client id is given. */
export async function registeredLogoutUris(roster: Roster, clientId: string | null): Promise<Set<string>> {
  const rows = await applications.listSignInAllowLists(roster.database.db);
  return new Set(rows.filter((row) => clientId === null || row.id === clientId).flatMap((row) => jsonList(row.logout_uris)));
}
