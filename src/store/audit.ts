import type { Actor } from '../domain/actor.js';
import type { Executor } from './database.js';
import type { AuditEventsTable } from './schema.js';

export interface AuditEvent {
  id: string;
  occurred_on: string;
  type: string;
  actor: Actor;
  user_id: string | null;
  identity_id: string | null;
  data: Record<string, unknown>;
}

export const eventRow = (event: AuditEvent): AuditEventsTable => ({
  id: event.id,
  occurred_on: event.occurred_on,
  type: event.type,
  actor_type: event.actor.type,
  actor_id: event.actor.id,
  source: event.actor.source,
  user_id: event.user_id,
  identity_id: event.identity_id,
  data: JSON.stringify(event.data),
});

export const eventOfRow = (row: AuditEventsTable): AuditEvent => ({
  id: row.id,
  occurred_on: row.occurred_on,
  type: row.type,
  actor: { type: row.actor_type, id: row.actor_id, source: row.source },
  user_id: row.user_id,
  identity_id: row.identity_id,
  data: JSON.parse(row.data) as Record<string, unknown>,
});

/** The columns in insert order, for the bulk writers that build their own statements. */
export const EVENT_COLUMNS = ['id', 'occurred_on', 'type', 'actor_type', 'actor_id', 'source', 'user_id', 'identity_id', 'data'] as const;

export async function recordEvent(ex: Executor, event: AuditEvent): Promise<void> {
  await ex.insertInto('audit_events').values(eventRow(event)).execute();
}

export async function eventsOfUser(ex: Executor, userId: string): Promise<AuditEvent[]> {
  const rows = await ex.selectFrom('audit_events').selectAll().where('user_id', '=', userId).orderBy('id').execute();
  return rows.map(eventOfRow);
}
