import type { Migration, MigrationProvider } from 'kysely';
import * as usersAndIdentities from './001-users-and-identities.js';

/** Forward-only: migrations are appended here in order and never edited once released. */
const migrations: Record<string, Migration> = {
  '001-users-and-identities': usersAndIdentities,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => migrations };
