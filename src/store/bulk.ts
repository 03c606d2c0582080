import { openPostgresBulk } from './bulk-postgres.js';
import type { BulkSession } from './bulk-session.js';
import { openSqliteBulk } from './bulk-sqlite.js';
import type { Database, DatabaseOptions } from './database.js';

export { identityKey, LOOKALIKE_CASED_KIND, LOOKALIKE_KIND, PROVIDED_ID_KIND } from './bulk-keys.js';
export type { BulkSession, BulkUser, ExistingUsername, SeenKey } from './bulk-session.js';

export function openBulkSession(database: Database, options: DatabaseOptions): Promise<BulkSession> {
  if (database.engine === 'postgres') return openPostgresBulk(options.databaseUrl!);
  return openSqliteBulk(database.location);
}
