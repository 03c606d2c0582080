import type { Migration, MigrationProvider } from 'kysely';
import * as usersAndIdentities from './001-users-and-identities.js';
import * as signIn from './002-sign-in.js';
import * as housekeepingIndexes from './003-housekeeping-indexes.js';
import * as identityKeys from './004-identity-keys.js';
import * as eventLog from './005-event-log.js';
import * as admins from './006-admins.js';
import * as applicationBranding from './007-application-branding.js';
import * as signInAttempts from './008-sign-in-attempts.js';
import * as webhooks from './009-webhooks.js';

/** Forward-only: migrations are appended here in order and never edited once released. */
const migrations: Record<string, Migration> = {
  '001-users-and-identities': usersAndIdentities,
  '002-sign-in': signIn,
  '003-housekeeping-indexes': housekeepingIndexes,
  '004-identity-keys': identityKeys,
  '005-event-log': eventLog,
  '006-admins': admins,
  '007-application-branding': applicationBranding,
  '008-sign-in-attempts': signInAttempts,
  '009-webhooks': webhooks,
};

/** The migration that creates the schema: applying it means the database was empty. */
export const FIRST_MIGRATION = '001-users-and-identities';

export const migrationProvider: MigrationProvider = { getMigrations: async () => migrations };
