import { Type } from '@sinclair/typebox';
import { endUserSessions, listUserSessions } from '../../services/user-sessions.js';
import { defineRoute, OK } from './route.js';
import { ErrorResponse, Nullable, SuccessResponse, UserId } from './schemas.js';

const UserParams = Type.Object({ user_id: UserId });
const Time = Type.String({ format: 'date-time' });

const Session = Type.Object({
  session_id: Type.String(),
  user_id: Type.String(),
  client_id: Nullable(Type.String({ description: 'The application the session last signed in to' })),
  client_name: Nullable(Type.String({ description: 'Roster extension: that application’s name' })),
  org_code: Nullable(Type.String()),
  started_on: Time,
  updated_on: Time,
  expires_on: Time,
  connection_id: Nullable(Type.String()),
  last_ip_address: Nullable(Type.String()),
  last_user_agent: Nullable(Type.String()),
  initial_ip_address: Nullable(Type.String()),
  initial_user_agent: Nullable(Type.String()),
});

const getSessions = defineRoute({
  method: 'GET',
  path: '/users/:user_id/sessions',
  operationId: 'GetUserSessions',
  summary: 'List a user’s live sessions, newest first',
  tag: 'Users',
  scope: 'read:user_sessions',
  schema: {
    params: UserParams,
    response: {
      200: Type.Object({ code: Type.String(), message: Type.String(), has_more: Type.Boolean(), sessions: Type.Array(Session) }),
      404: ErrorResponse,
    },
  },
  async handle({ params }, roster) {
    return { ...OK, has_more: false, sessions: await listUserSessions(roster, params.user_id) };
  },
});

const deleteSessions = defineRoute({
  method: 'DELETE',
  path: '/users/:user_id/sessions',
  operationId: 'DeleteUserSessions',
  summary: 'Sign a user out everywhere: their sessions end and their refresh tokens stop working',
  tag: 'Users',
  scope: 'delete:user_sessions',
  schema: { params: UserParams, response: { 200: SuccessResponse, 404: ErrorResponse } },
  async handle({ params, actor }, roster) {
    await endUserSessions(roster, params.user_id, actor);
    return OK;
  },
});

export const sessionRoutes = [getSessions, deleteSessions];
