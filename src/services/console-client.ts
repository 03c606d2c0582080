import { upsertApplication } from '../store/applications.js';
import type { Roster } from './context.js';

/** The admin console's client: a first-party SPA that Roster registers itself. */
export const CONSOLE_CLIENT_ID = 'roster_console';
export const CONSOLE_PATH = '/admin';

export const consoleUrl = (roster: Roster) => roster.config.issuer + CONSOLE_PATH;

/**
 * Registers the console's client, or brings it up to date, at every start of `roster serve`: its redirect and logout
 * URIs derive from the issuer, which only the server's configuration knows (a migration would not, and a CLI command
 * run with other settings must not rewrite them). Every process sharing the database writes the same values.
 */
export async function registerConsoleClient(roster: Roster): Promise<void> {
  const url = consoleUrl(roster);
  await upsertApplication(roster.database.db, {
    id: CONSOLE_CLIENT_ID,
    name: 'Roster console',
    type: 'spa',
    secret_hash: null,
    scopes: '',
    created_on: new Date().toISOString(),
    redirect_uris: JSON.stringify([`${url}/callback`]),
    logout_uris: JSON.stringify([url]),
    origins: '[]',
    logo_url: null,
    accent_color: null,
  });
}
