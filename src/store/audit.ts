import type { Executor } from './database.js';
import type { AuditEventsTable } from './schema.js';

export type AuditEvent = Omit<AuditEventsTable, 'detail'> & { detail: Record<string, unknown> };

export async function recordEvent(ex: Executor, event: AuditEvent): Promise<void> {
  await ex
    .insertInto('audit_events')
    .values({ ...event, detail: JSON.stringify(event.detail) })
    .execute();
}

export async function eventsOfUser(ex: Executor, userId: string): Promise<AuditEvent[]> {
  const rows = await ex.selectFrom('audit_events').selectAll().where('user_id', '=', userId).orderBy('id').execute();
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}
