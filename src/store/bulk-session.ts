import type { AuditEvent } from './audit.js';
import type { IdentitiesTable, UsersTable } from './schema.js';

/** A key a row claims: an identity (`kind` = its type), a provided id (`provided_id`) or a look-alike key (`lookalike`, `lookalike_cased`). */
export interface ClaimedKey {
  kind: string;
  key: string;
}

/** The earlier row of this run that claimed a key, and the value it claimed it with (for look-alikes: the username). */
export interface SeenKey extends ClaimedKey {
  row: number;
  name: string | null;
}

/** The columns of users an import writes (and `updated_on`, as `created_on`). */
export const USER_COLUMNS = [
  'id',
  'provided_id',
  'first_name',
  'last_name',
  'full_name_key',
  'last_name_key',
  'picture',
  'created_on',
] as const;
/** The columns of identities an import writes; `user_id` is its user's `id`. */
export const IDENTITY_COLUMNS = [
  'id',
  'user_id',
  'type',
  'name',
  'lookup_key',
  'lookalike_key',
  'lookalike_cased_key',
  'connection_id',
  'is_primary',
  'is_confirmed',
  'created_on',
] as const;

export type BulkIdentity = Pick<IdentitiesTable, Exclude<(typeof IDENTITY_COLUMNS)[number], 'user_id'>>;

export interface BulkUser {
  user: Pick<UsersTable, (typeof USER_COLUMNS)[number]>;
  identities: BulkIdentity[];
  password: { algorithm: string; hash: string; params: string | null } | null;
}

export interface ExistingUsername {
  lookalikeKey: string;
  lookalikeCasedKey: string;
  lookupKey: string;
  name: string;
}

/** What the database holds of a batch's keys. */
export interface BatchCheck {
  /** Keys that earlier rows of this run claimed. */
  seen: SeenKey[];
  /** Identities already stored, as `identityKey(type, lookupKey)`. */
  existingIdentities: Set<string>;
  existingProvidedIds: Set<string>;
  /** Stored usernames with any of the look-alike keys; none unless asked for. */
  lookingLike: ExistingUsername[];
}

/**
 * Bulk loading for imports. One session per run holds its own connection, with a temporary table of the keys earlier
 * rows of the file claimed, so in-file duplicates are found by the database and the run's memory does not grow with
 * the file. Each batch is checked with a few statements, whatever its size. Writes go in batches, each one
 * transaction, and a user is written only with all of its identities.
 */
export interface BulkSession {
  /** Checks every key the rows of a batch claim (in row order), in one go, and holds them for `rememberClaims`. */
  check(claims: SeenKey[], options: { lookalikes: boolean }): Promise<BatchCheck>;
  /** Records the claims last checked as claimed, but for those at these positions; each key is claimed once. */
  rememberClaims(unclaimed: number[]): Promise<void>;
  /** Keys that earlier rows of this run claimed. */
  seen(keys: ClaimedKey[]): Promise<SeenKey[]>;
  /**
   * Writes the users in one transaction with the event; a user any of whose identities or provided id is taken by
   * then (a concurrent write) is left out entirely. Returns the ids of the users left out.
   */
  insertBatch(users: BulkUser[], event: AuditEvent): Promise<Set<string>>;
  close(): Promise<void>;
}
