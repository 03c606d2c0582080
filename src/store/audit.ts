import { sql } from 'kysely';
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

export interface EventFilter {
  userId?: string;
  identityId?: string;
  /** Matches types that start with it: `identity.` or a whole type. */
  typePrefix?: string;
  actorId?: string;
  source?: string;
  /** ISO-8601 UTC, inclusive. */
  from?: string;
  /** ISO-8601 UTC, exclusive. */
  to?: string;
  /** Only events older than this one (the cursor of the next page). */
  beforeId?: string;
  /** Oldest first from just after this one instead (an export's walk through the log). */
  afterId?: string;
  oldestFirst?: boolean;
  limit: number;
}

/** An event with the display name of its actor where one is known: the application's name, or the person's primary email, else their name. */
export type NamedEvent = AuditEvent & { actor_name: string | null };

const likePrefix = (prefix: string) => prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';

/** Events matching the filter, newest first (ids are time-ordered, so id order is time order). */
export async function listEvents(ex: Executor, filter: EventFilter): Promise<NamedEvent[]> {
  let query = ex
    .selectFrom('audit_events as e')
    .leftJoin('applications as a', (join) => join.onRef('a.id', '=', 'e.actor_id').on('e.actor_type', '=', 'application'))
    .leftJoin('users as u', (join) => join.onRef('u.id', '=', 'e.actor_id').on('e.actor_type', '=', 'user'))
    .leftJoin('identities as i', (join) =>
      join.onRef('i.user_id', '=', 'e.actor_id').on('e.actor_type', '=', 'user').on('i.type', '=', 'email').on('i.is_primary', '=', 1),
    )
    .selectAll('e')
    .select(['a.name as application_name', 'i.name as email', 'u.first_name', 'u.last_name']);
  if (filter.userId !== undefined) query = query.where('e.user_id', '=', filter.userId);
  if (filter.identityId !== undefined) query = query.where('e.identity_id', '=', filter.identityId);
  if (filter.typePrefix !== undefined) query = query.where(sql<boolean>`e.type like ${likePrefix(filter.typePrefix)} escape '\\'`);
  if (filter.actorId !== undefined) query = query.where('e.actor_id', '=', filter.actorId);
  if (filter.source !== undefined) query = query.where('e.source', '=', filter.source as AuditEventsTable['source']);
  if (filter.from !== undefined) query = query.where('e.occurred_on', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('e.occurred_on', '<', filter.to);
  if (filter.beforeId !== undefined) query = query.where('e.id', '<', filter.beforeId);
  if (filter.afterId !== undefined) query = query.where('e.id', '>', filter.afterId);
  const rows = await query
    .orderBy('e.id', filter.oldestFirst ? 'asc' : 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map((row) => ({
    ...eventOfRow(row),
    actor_name: row.application_name ?? row.email ?? personName(row.first_name, row.last_name),
  }));
}

const personName = (first: string | null, last: string | null) => [first, last].filter(Boolean).join(' ') || null;

export async function findEvent(ex: Executor, id: string): Promise<AuditEvent | undefined> {
  const row = await ex.selectFrom('audit_events').selectAll().where('id', '=', id).executeTakeFirst();
  return row && eventOfRow(row);
}
