import { sql, type Kysely } from 'kysely';
import { engineOf } from '../engine.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Lookup keys are compared as plain bytes on both engines (SQLite's default), so prefix ranges and uniqueness agree.
  const bytes = engineOf(db) === 'postgres' ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provided_id', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('full_name_key', bytes)
    .addColumn('last_name_key', bytes)
    .addColumn('picture', 'text')
    .addColumn('is_suspended', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_password_reset_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_signed_in', 'text')
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('updated_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('users_provided_id')
    .on('users')
    .column('provided_id')
    .unique()
    .where(sql.ref('provided_id'), 'is not', null)
    .execute();

  await db.schema.createIndex('users_full_name_key').on('users').column('full_name_key').execute();
  await db.schema.createIndex('users_last_name_key').on('users').column('last_name_key').execute();

  await db.schema
    .createTable('identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('lookup_key', bytes, (c) => c.notNull())
    .addColumn('lookalike_key', bytes)
    .addColumn('connection_id', 'text')
    .addColumn('is_primary', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`is_primary in (0, 1)`),
    )
    .addColumn('is_confirmed', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`is_confirmed in (0, 1)`),
    )
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('last_login_on', 'text')
    .addColumn('total_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('identities_type_lookup_key').on('identities').columns(['type', 'lookup_key']).unique().execute();
  await db.schema
    .createIndex('identities_one_primary_per_type')
    .on('identities')
    .columns(['user_id', 'type'])
    .unique()
    .where(sql.ref('is_primary'), '=', 1)
    .execute();
  await db.schema.createIndex('identities_user').on('identities').columns(['user_id', 'id']).execute();
  await db.schema
    .createIndex('identities_lookalike')
    .on('identities')
    .columns(['type', 'lookalike_key'])
    .where(sql.ref('lookalike_key'), 'is not', null)
    .execute();

  await db.schema
    .createTable('applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text')
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('retired_on', 'text')
    .execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('identity_id', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_user').on('audit_events').columns(['user_id', 'id']).execute();
}
