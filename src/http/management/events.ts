import { Type } from '@sinclair/typebox';
import { EVENT_SOURCES } from '../../domain/actor.js';
import { WEBHOOK_EVENT_TYPES } from '../../domain/event-types.js';
import { EVENT_ID } from '../../domain/ids.js';
import * as events from '../../services/events.js';
import { cursorOf } from './cursor.js';
import { defineRoute, OK } from './route.js';
import { ErrorResponse, Nullable, PageSize, Text } from './schemas.js';

const EventId = Type.String({ pattern: EVENT_ID.source, description: 'An event id: event_ and 32 hex digits' });
const Instant = (description: string) => Type.String({ format: 'date-time', maxLength: 40, description });

const ListedEvent = Type.Object({
  id: Type.String(),
  type: Type.String({ examples: ['identity.primary_changed'] }),
  occurred_on: Type.String({ format: 'date-time' }),
  actor: Type.Object({
    type: Type.Union([Type.Literal('application'), Type.Literal('user'), Type.Literal('cli'), Type.Literal('system')]),
    id: Nullable(Type.String()),
    name: Nullable(Type.String({ description: "The application's or the person's name, when known" })),
  }),
  source: Type.Union(EVENT_SOURCES.map((s) => Type.Literal(s))),
  user_id: Nullable(Type.String()),
  identity_id: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()),
});

const listEvents = defineRoute({
  method: 'GET',
  path: '/events',
  operationId: 'getEvents',
  summary: 'The event log, newest first, filtered by user, identity, type prefix, actor, source and time',
  tag: 'Roster extensions',
  scope: 'read:events',
  schema: {
    querystring: Type.Object(
      {
        user_id: Type.Optional(Text(64, 'Events about this user')),
        identity_id: Type.Optional(Text(64, 'Events about this identity')),
        type: Type.Optional(Type.String({ pattern: '^[a-z_.]{1,64}$', description: 'A type or its prefix: `identity.`, `user.created`' })),
        actor_id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_:.@-]{1,128}$', description: 'The client id or user id that acted' })),
        source: Type.Optional(Type.String({ enum: [...EVENT_SOURCES] })),
        from: Type.Optional(Instant('From this moment (inclusive)')),
        to: Type.Optional(Instant('Until this moment (exclusive)')),
        page_size: Type.Optional(PageSize),
        next_token: Type.Optional(Text(200, 'The cursor from the previous page')),
      },
      { additionalProperties: false },
    ),
    response: {
      200: Type.Object({
        code: Type.String(),
        message: Type.String(),
        events: Type.Array(ListedEvent),
        next_token: Nullable(Type.String()),
      }),
      400: ErrorResponse,
    },
  },
  async handle({ query }, roster) {
    const page = await events.listEvents(roster, {
      userId: query.user_id,
      identityId: query.identity_id,
      typePrefix: query.type,
      actorId: query.actor_id,
      source: query.source,
      from: query.from === undefined ? undefined : new Date(query.from).toISOString(),
      to: query.to === undefined ? undefined : new Date(query.to).toISOString(),
      beforeId: query.next_token === undefined ? undefined : decodeCursor(query.next_token),
      limit: query.page_size ?? 10,
    });
    return {
      ...OK,
      events: page.events.map(events.eventView),
      next_token: page.lastId === null ? null : encodeCursor(page.lastId),
    };
  },
});

const getEvent = defineRoute({
  method: 'GET',
  path: '/events/:event_id',
  operationId: 'GetEvent',
  summary: 'One event in the shape of Kinde’s webhooks',
  tag: 'Webhooks',
  scope: 'read:events',
  schema: {
    params: Type.Object({ event_id: EventId }),
    response: {
      200: Type.Object({
        code: Type.String(),
        message: Type.String(),
        event: Type.Object({
          type: Type.String(),
          source: Type.String(),
          event_id: Type.String(),
          timestamp: Type.String({ format: 'date-time', description: 'ISO 8601, as Kinde’s webhooks send it' }),
          data: Type.Record(Type.String(), Type.Unknown()),
        }),
      }),
      400: ErrorResponse,
      404: ErrorResponse,
    },
  },
  async handle({ params }, roster) {
    const event = await events.getEvent(roster, params.event_id);
    return {
      ...OK,
      event: { type: event.type, source: event.actor.source, event_id: event.id, timestamp: event.occurred_on, data: event.data },
    };
  },
});

const getEventTypes = defineRoute({
  method: 'GET',
  path: '/event_types',
  operationId: 'GetEventTypes',
  summary: 'The event types webhooks can subscribe to: Kinde’s user events and Roster’s identity events',
  tag: 'Webhooks',
  scope: 'read:event_types',
  schema: {
    response: {
      200: Type.Object({
        code: Type.String(),
        message: Type.String(),
        event_types: Type.Array(
          Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), origin: Type.String(), schema: Type.Object({}) }),
        ),
      }),
    },
  },
  async handle() {
    return {
      ...OK,
      event_types: WEBHOOK_EVENT_TYPES.map((t) => ({ id: t.code, code: t.code, name: t.name, origin: t.origin, schema: {} })),
    };
  },
});

const { encode: encodeCursor, decode: decodeCursor } = cursorOf('before', EVENT_ID);

export const eventRoutes = [listEvents, getEvent, getEventTypes];
