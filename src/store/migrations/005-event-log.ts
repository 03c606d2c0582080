import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The audit trail becomes the event log: the actor is structured (`{type, id}` and the source it acted through),
 * `action` becomes the dotted event `type` and `detail` its `data`. The table is rebuilt rather than altered, so the
 * new columns carry their constraints on both databases.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull().check(sql`actor_type in ('application', 'user', 'cli', 'system')`))
    .addColumn('actor_id', 'text')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('api', 'admin', 'user', 'cli', 'system')`))
    .addColumn('user_id', 'text')
    .addColumn('identity_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  // Before this migration the actor was `cli`, `import` (the CLI's import), `sign-up` (the person) or a client id.
  await sql`
    insert into events (id, occurred_on, type, actor_type, actor_id, source, user_id, identity_id, data)
    select id, occurred_on,
      case action when 'identity.added' then 'identity.created' when 'identity.made_primary' then 'identity.primary_changed' else action end,
      case when actor in ('cli', 'import') then 'cli' when actor = 'sign-up' then 'user' else 'application' end,
      case when actor in ('cli', 'import') then null when actor = 'sign-up' then user_id else actor end,
      case when actor in ('cli', 'import') then 'cli' when actor = 'sign-up' then 'user' else 'api' end,
      user_id, identity_id, detail
    from audit_events`.execute(db);
  await db.schema.dropTable('audit_events').execute();
  await db.schema.alterTable('events').renameTo('audit_events').execute();
  // Newest first, per user and overall; ids are time-ordered, so id order is time order.
  await db.schema.createIndex('audit_events_user').on('audit_events').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('audit_events_identity').on('audit_events').columns(['identity_id', 'id']).execute();
  await db.schema.createIndex('audit_events_occurred').on('audit_events').column('occurred_on').execute();
}
