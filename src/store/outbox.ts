import type { Executor } from './database.js';
import type { OutboxRow } from './schema.js';

export async function insertOutboxMessage(ex: Executor, row: OutboxRow): Promise<void> {
  await ex.insertInto('outbox').values(row).execute();
}

/** Oldest first; with a limit, the newest `limit` messages (still oldest first). Ids are time-ordered and break ties. */
export async function listOutbox(ex: Executor, limit?: number): Promise<OutboxRow[]> {
  const query = ex.selectFrom('outbox').selectAll();
  if (limit === undefined) return query.orderBy('created_on').orderBy('id').execute();
  const newest = await query.orderBy('created_on', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return newest.reverse();
}
