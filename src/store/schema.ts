import type { Insertable, Selectable } from 'kysely';

/**
 * Portable column types: booleans are 0/1 integers and timestamps are ISO-8601 UTC text
 * (`2026-01-02T03:04:05.678Z`), so both engines store and compare the same bytes.
 */
export type Flag = 0 | 1;

export interface UsersTable {
  id: string;
  provided_id: string | null;
  first_name: string | null;
  last_name: string | null;
  /** Lower-cased search keys for names (see domain/names.ts). */
  full_name_key: string | null;
  last_name_key: string | null;
  picture: string | null;
  is_suspended: Flag;
  is_password_reset_requested: Flag;
  total_sign_ins: number;
  failed_sign_ins: number;
  last_signed_in: string | null;
  created_on: string;
  updated_on: string;
}

export interface IdentitiesTable {
  id: string;
  user_id: string;
  type: string;
  name: string;
  lookup_key: string;
  lookalike_key: string | null;
  connection_id: string | null;
  is_primary: Flag;
  is_confirmed: Flag;
  created_on: string;
  last_login_on: string | null;
  total_logins: number;
}

export interface ApplicationsTable {
  id: string;
  name: string;
  type: string;
  secret_hash: string | null;
  scopes: string;
  created_on: string;
}

export interface SigningKeysTable {
  kid: string;
  public_jwk: string;
  private_jwk: string;
  created_on: string;
  retired_on: string | null;
}

export interface AuditEventsTable {
  id: string;
  occurred_on: string;
  actor: string;
  action: string;
  user_id: string | null;
  identity_id: string | null;
  detail: string;
}

export interface Schema {
  users: UsersTable;
  identities: IdentitiesTable;
  applications: ApplicationsTable;
  signing_keys: SigningKeysTable;
  audit_events: AuditEventsTable;
}

export type UserRow = Selectable<UsersTable>;
export type IdentityRow = Selectable<IdentitiesTable>;
export type NewIdentityRow = Insertable<IdentitiesTable>;
export type ApplicationRow = Selectable<ApplicationsTable>;
export type SigningKeyRow = Selectable<SigningKeysTable>;
