import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // What the hosted pages show of the application a person is signing in to: its logo and its accent colour (#rrggbb).
  await db.schema.alterTable('applications').addColumn('logo_url', 'text').execute();
  await db.schema
    .alterTable('applications')
    .addColumn('accent_color', 'text', (c) =>
      c.check(sql`accent_color is null or (length(accent_color) = 7 and substr(accent_color, 1, 1) = '#')`),
    )
    .execute();
}
