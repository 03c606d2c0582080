import type { Transaction } from 'kysely';
import { TokenVerifier } from '../auth/jwt.js';
import type { KeyRing } from '../auth/keys.js';
import type { Config } from '../config.js';
import { conflict, RosterError } from '../domain/errors.js';
import { migrate, openDatabase, type Database } from '../store/database.js';
import { uniqueViolation } from '../store/engine.js';
import type { Schema } from '../store/schema.js';
import { openKeyRing } from './key-ring.js';

/** The running core: one per process, shared by every face (HTTP, CLI). */
export interface Roster {
  config: Config;
  database: Database;
  keys: KeyRing;
  verifier: TokenVerifier;
  /** What opening did to the database: the migrations it applied and whether it made the first signing key. */
  opened: { appliedMigrations: string[]; createdSigningKey: boolean };
  close(): Promise<void>;
}

export const managementAudience = (config: Config) => `${config.issuer}/api`;

export async function openRoster(config: Config): Promise<Roster> {
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const appliedMigrations = await migrate(database.db);
    const keys = await openKeyRing(database.db, config.keyEncryptionSecret);
    const verifier = new TokenVerifier(keys, config.issuer, managementAudience(config));
    const opened = { appliedMigrations, createdSigningKey: keys.createdOnOpen };
    return { config, database, keys, verifier, opened, close: () => database.close() };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export type { Actor } from '../domain/actor.js';

/**
 * Runs one use case as one transaction. A unique index that refuses the write becomes the matching domain error
 * after the rollback, so nothing is half-written and no caller pre-checks with a SELECT.
 */
export async function inTransaction<T>(roster: Roster, work: (trx: Transaction<Schema>) => Promise<T>): Promise<T> {
  try {
    return await roster.database.db.transaction().execute(work);
  } catch (error) {
    if (error instanceof RosterError) throw error;
    switch (uniqueViolation(error)) {
      case 'identity_value':
        throw conflict('IDENTITY_ALREADY_EXISTS', 'This identity is already used by a user');
      case 'user_provided_id':
        throw conflict('PROVIDED_ID_ALREADY_EXISTS', 'Another user already has this provided_id', 'provided_id');
      case 'identity_primary':
        throw conflict('CONFLICT', 'The user changed at the same time; try again');
      case 'first_admin':
        throw conflict('ADMIN_EXISTS', 'Roster already has its first admin');
      default:
        throw error;
    }
  }
}
