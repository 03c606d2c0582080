import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from '../../domain/actor.js';
import type { ManagementScope } from '../../domain/scopes.js';
import type { Roster } from '../../services/context.js';

interface RouteSchemas {
  body?: TSchema;
  querystring?: TSchema;
  params?: TSchema;
  response: Record<number, TSchema>;
}

type Input<T> = T extends TSchema ? Static<T> : undefined;

export interface RouteInput<S extends RouteSchemas> {
  body: Input<S['body']>;
  query: Input<S['querystring']>;
  params: Input<S['params']>;
  /** Who the event log names for this call; decided once, from the caller's token, by the bearer guard. */
  actor: Actor;
  reply: FastifyReply;
}

/** One Management API operation: everything needed to serve it, guard it and document it. */
export interface ManagementRoute<S extends RouteSchemas = RouteSchemas> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below /api/v1. */
  path: string;
  operationId: string;
  summary: string;
  tag: 'Users' | 'Identities' | 'Search' | 'Webhooks' | 'Roster extensions';
  scope: ManagementScope;
  schema: S;
  /** The error code for a body field the schema does not know (default INVALID_REQUEST). */
  unknownFieldCode?: string;
  /**
   * Body parsers and limits of its own (an upload): the route is then registered in its own Fastify context. A long
   * upload has the import timeout for its body instead of the request timeout.
   */
  context?: { bodyLimit?: number; setup(scope: FastifyInstance): Promise<void>; longUpload?: boolean };
  handle(input: RouteInput<S>, roster: Roster): Promise<unknown>;
}

export const defineRoute = <S extends RouteSchemas>(route: ManagementRoute<S>) => route as unknown as ManagementRoute;

export const OK = { code: 'OK', message: 'Success' } as const;
