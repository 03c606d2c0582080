import { sql, type Kysely } from 'kysely';
import { engineOf } from '../engine.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const bytes = engineOf(db) === 'postgres' ? sql`text collate "C"` : sql`text`;

  // Exact allow-lists, stored as JSON arrays of strings.
  for (const column of ['redirect_uris', 'logout_uris', 'origins']) {
    await db.schema
      .alterTable('applications')
      .addColumn(column, 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
  }

  // One password per user, shared by every identity it signs in with. `algorithm` is `argon2id` for passwords set
  // here; imported hashes keep their own algorithm (and `params`, JSON) until the next successful sign-in re-hashes them.
  await db.schema
    .createTable('user_passwords')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('params', 'text')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('updated_on', 'text', (c) => c.notNull())
    .execute();

  // Deleting the identity a session signed in with ends the session, and with it its codes and refresh tokens.
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('identity_id', 'text', (c) => c.references('identities.id').onDelete('cascade'))
    .addColumn('auth_time', 'text', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('ended_on', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  // Key rotation: a new key is published at once but signs only from `signs_from`, once every JWKS cache has seen it;
  // `retired_on` then becomes the moment the previous key leaves the JWKS. Null `signs_from` means from `created_on`.
  await db.schema.alterTable('signing_keys').addColumn('signs_from', 'text').execute();

  // An authorization request waiting for its user to sign in; the hosted pages carry only its id.
  await db.schema
    .createTable('authorization_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('authorization_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('nonce', 'text')
    .addColumn('code_challenge', 'text')
    .addColumn('chain_id', 'text', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('used_on', 'text')
    .execute();

  // Refresh tokens rotate: each use marks the row used and adds its successor to the same chain. Presenting a used
  // token again revokes the whole chain.
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('chain_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('session_id', 'text', (c) => c.references('sessions.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('auth_time', 'text', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('used_on', 'text')
    .addColumn('revoked_on', 'text')
    .execute();
  await db.schema.createIndex('refresh_tokens_chain').on('refresh_tokens').column('chain_id').execute();
  await db.schema.createIndex('refresh_tokens_session').on('refresh_tokens').column('session_id').execute();

  // One-time codes sent by email or SMS, keyed by the identity's lookup key (which may not exist yet: sign-up).
  // `purpose` is `sign-in` or `sign-up`; a sign-up's `payload` (JSON) holds the names and password hash it will use.
  await db.schema
    .createTable('one_time_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('lookup_key', bytes, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'text')
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('used_on', 'text')
    .execute();
  await db.schema.createIndex('one_time_codes_key').on('one_time_codes').columns(['type', 'lookup_key', 'created_on']).execute();

  // Messages that no SMTP server or SMS webhook was configured to carry: `roster outbox` prints them.
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_created').on('outbox').columns(['created_on', 'id']).execute();
}
