import { TokenVerifier } from '../auth/jwt.js';
import type { KeyRing } from '../auth/keys.js';
import type { Config } from '../config.js';
import { conflict, type RosterError } from '../domain/errors.js';
import { migrate, openDatabase, transaction, type Database, type Trx } from '../store/database.js';
import { UniqueViolation, type UniqueRule } from '../store/engine.js';
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
export async function inTransaction<T>(roster: Roster, work: (trx: Trx) => Promise<T>): Promise<T> {
  try {
    return await transaction(roster.database.db, work);
  } catch (error) {
    if (error instanceof UniqueViolation) throw conflictOf(error.rule) ?? error;
    throw error;
  }
}

/** The caller's error for a unique rule that refused a write; `identityType` names the identity in the message. */
export function conflictOf(rule: UniqueRule, identityType = 'identity'): RosterError | undefined {
  switch (rule) {
    case 'identity_value':
      return conflict('IDENTITY_ALREADY_EXISTS', `This ${identityType} is already used by a user`);
    case 'user_provided_id':
      return conflict('PROVIDED_ID_ALREADY_EXISTS', 'Another user already has this provided_id', 'provided_id');
    case 'identity_primary':
      return conflict('CONFLICT', 'The user changed at the same time; try again');
    case 'first_admin':
      return conflict('ADMIN_EXISTS', 'Roster already has its first admin');
    default:
      return undefined;
  }
}
