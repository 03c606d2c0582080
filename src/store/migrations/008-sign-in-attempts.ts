import type { Kysely } from 'kysely';

/**
 * Failed password sign-ins counted per identifier as typed (known or not) rather than per user, so an unknown
 * identifier is counted and locked exactly like a known one. `key` is a SHA-256 of what is counted; the columns
 * `failed_attempts` and `locked_until` of user_passwords are no longer read.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sign_in_attempts')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('updated_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_attempts_updated').on('sign_in_attempts').column('updated_on').execute();
}
