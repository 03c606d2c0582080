import type { ColumnType, Selectable } from 'kysely';
import type { ActorType, EventSource } from '../domain/actor.js';

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
  lookalike_cased_key: string | null;
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
  /** JSON arrays of exact strings. */
  redirect_uris: string;
  logout_uris: string;
  origins: string;
  /** Shown on the hosted pages: an https image URL and a #rrggbb colour, each optional. */
  logo_url: ColumnType<string | null, string | null | undefined, string | null>;
  accent_color: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SigningKeysTable {
  kid: string;
  public_jwk: string;
  private_jwk: string;
  created_on: string;
  /** From then on the key is neither published nor trusted; set ahead of time when a newer key takes over. */
  retired_on: string | null;
  /** When the key starts signing; null means from `created_on`. */
  signs_from: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AuditEventsTable {
  id: string;
  occurred_on: string;
  /** Dotted, subject first: `user.created`, `identity.primary_changed`. */
  type: string;
  actor_type: ActorType;
  actor_id: string | null;
  source: EventSource;
  user_id: string | null;
  identity_id: string | null;
  /** JSON object; never a secret, hash or code. */
  data: string;
}

export interface WebhooksTable {
  id: string;
  name: string;
  endpoint: string;
  description: string | null;
  /** JSON array of event type codes. */
  event_types: string;
  secret: string;
  is_enabled: Flag;
  disabled_reason: string | null;
  created_on: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_id: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_on: string;
  claimed_until: string | null;
  created_on: string;
  finished_on: string | null;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempted_on: string;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_snippet: string | null;
}

export interface UserPasswordsTable {
  user_id: string;
  /** `argon2id` for passwords set here; an imported hash keeps its own algorithm until it is re-hashed at sign-in. */
  algorithm: string;
  hash: string;
  /** JSON: what the algorithm needs besides the hash (salt, its position and format, rounds…); null for argon2id. */
  params: string | null;
  /** No longer read: failures are counted in sign_in_attempts. */
  failed_attempts: number;
  locked_until: string | null;
  updated_on: string;
}

/** Failed password sign-ins under one key (an identifier, or an identifier from one address), and its lock. */
export interface SignInAttemptsTable {
  /** SHA-256 (hex) of what is counted. */
  key: string;
  failures: number;
  locked_until: string | null;
  updated_on: string;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  identity_id: string | null;
  auth_time: string;
  created_on: string;
  expires_on: string;
  ended_on: string | null;
}

export interface AuthorizationRequestsTable {
  id: string;
  client_id: string;
  /** JSON of the validated request. */
  params: string;
  created_on: string;
  expires_on: string;
}

export interface AuthorizationCodesTable {
  code_hash: string;
  client_id: string;
  user_id: string;
  session_id: string;
  redirect_uri: string;
  scope: string;
  audience: string;
  nonce: string | null;
  code_challenge: string | null;
  chain_id: string;
  created_on: string;
  expires_on: string;
  used_on: string | null;
}

export interface RefreshTokensTable {
  id: string;
  token_hash: string;
  chain_id: string;
  client_id: string;
  user_id: string;
  session_id: string | null;
  scope: string;
  audience: string;
  auth_time: string;
  created_on: string;
  expires_on: string;
  used_on: string | null;
  revoked_on: string | null;
}

export interface OneTimeCodesTable {
  id: string;
  /** `sign-in`, `sign-up` or `password-reset`. */
  purpose: string;
  type: string;
  lookup_key: string;
  /** The identifier as it will be stored and shown (the recipient). */
  name: string;
  /** JSON: what a sign-up carries until its code is proved (names, password hash). */
  payload: string | null;
  code_hash: string;
  attempts: number;
  created_on: string;
  expires_on: string;
  used_on: string | null;
}

export interface OutboxTable {
  id: string;
  channel: string;
  recipient: string;
  subject: string;
  body: string;
  created_on: string;
}

export interface AdminsTable {
  user_id: string;
  /** `all`, or management scopes separated by spaces. */
  scopes: string;
  /** 1 for the admin made through the setup link (unique: that happens once), else null. */
  first_admin: 1 | null;
  created_on: string;
  updated_on: string;
}

export interface AdminSetupLinksTable {
  token_hash: string;
  created_on: string;
  expires_on: string;
  used_on: string | null;
}

export interface Schema {
  users: UsersTable;
  identities: IdentitiesTable;
  applications: ApplicationsTable;
  signing_keys: SigningKeysTable;
  audit_events: AuditEventsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  user_passwords: UserPasswordsTable;
  sessions: SessionsTable;
  authorization_requests: AuthorizationRequestsTable;
  authorization_codes: AuthorizationCodesTable;
  refresh_tokens: RefreshTokensTable;
  one_time_codes: OneTimeCodesTable;
  outbox: OutboxTable;
  admins: AdminsTable;
  admin_setup_links: AdminSetupLinksTable;
  sign_in_attempts: SignInAttemptsTable;
}

export type UserRow = Selectable<UsersTable>;
export type WebhookRow = Selectable<WebhooksTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;
export type IdentityRow = Selectable<IdentitiesTable>;
export type ApplicationRow = Selectable<ApplicationsTable>;
export type SigningKeyRow = Selectable<SigningKeysTable>;
export type UserPasswordRow = Selectable<UserPasswordsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type OneTimeCodeRow = Selectable<OneTimeCodesTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type AdminRow = Selectable<AdminsTable>;
