import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // An admin is a user granted management scopes: `all` (every scope, including ones added later) or a space-separated
  // list. `first_admin` is 1 only for the admin made through the setup link; its unique index lets that happen once,
  // however many people race their links.
  await db.schema
    .createTable('admins')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('first_admin', 'integer', (c) => c.unique())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('updated_on', 'text', (c) => c.notNull())
    .execute();

  // One-time setup links that `roster serve` prints while nobody is an admin; only their SHA-256 is kept.
  await db.schema
    .createTable('admin_setup_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('used_on', 'text')
    .execute();
}
