import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Housekeeping finds the rows it may delete by the moment they stopped mattering.
  for (const table of ['authorization_requests', 'authorization_codes', 'one_time_codes', 'sessions', 'refresh_tokens']) {
    await db.schema.createIndex(`${table}_expires`).on(table).column('expires_on').execute();
  }
  await db.schema.createIndex('sessions_ended').on('sessions').column('ended_on').where(sql.ref('ended_on'), 'is not', null).execute();
  // Deleting a session cascades to its authorization codes, which would otherwise be found by scanning them all.
  await db.schema.createIndex('authorization_codes_session').on('authorization_codes').column('session_id').execute();
}
