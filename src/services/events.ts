import { invalid, notFound } from '../domain/errors.js';
import * as events from '../store/audit.js';
import type { Roster } from './context.js';

export type { EventFilter, NamedEvent } from '../store/audit.js';
export type { AuditEvent } from '../store/audit.js';

export const eventNotFound = () => notFound('EVENT_NOT_FOUND', 'No event has this id');

/** A page of the event log, newest first; `lastId` is the cursor of the next page, null on the last one. */
export async function listEvents(
  roster: Roster,
  filter: events.EventFilter,
): Promise<{ events: events.NamedEvent[]; lastId: string | null }> {
  if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to)
    throw invalid('INVALID_REQUEST', '`from` must be before `to`', 'from');
  // One more than asked tells whether a next page exists without a count.
  const found = await events.listEvents(roster.database.db, { ...filter, limit: filter.limit + 1 });
  const page = found.slice(0, filter.limit);
  return { events: page, lastId: found.length > filter.limit ? page.at(-1)!.id : null };
}

export async function getEvent(roster: Roster, id: string): Promise<events.AuditEvent> {
  const event = await events.findEvent(roster.database.db, id);
  if (!event) throw eventNotFound();
  return event;
}

/** An event as the API lists it and the export writes it. */
export const eventView = (e: events.NamedEvent) => ({
  id: e.id,
  type: e.type,
  occurred_on: e.occurred_on,
  actor: { type: e.actor.type, id: e.actor.id, name: e.actor_name },
  source: e.actor.source,
  user_id: e.user_id,
  identity_id: e.identity_id,
  data: e.data,
});

const EXPORT_PAGE = 1_000;

/** Every event matching the filter, oldest first, read a page at a time so memory stays flat however long the log. */
export async function* exportEvents(roster: Roster, filter: Omit<events.EventFilter, 'limit' | 'beforeId' | 'afterId'>) {
  let afterId: string | undefined;
  for (;;) {
    const page = await events.listEvents(roster.database.db, { ...filter, afterId, oldestFirst: true, limit: EXPORT_PAGE });
    for (const event of page) yield eventView(event);
    if (page.length < EXPORT_PAGE) return;
    afterId = page.at(-1)!.id;
  }
}
