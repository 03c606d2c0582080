import type { paths } from './schema';

/**
 * Written by hand, to the agreed contract: the calls the console makes that the server's OpenAPI document does not
 * describe yet (the event log adds them). Each entry has openapi-typescript's shape and adds to the generated `paths`;
 * when the document gains a call, run `npm run console:types` and delete it here.
 */

type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type ErrorBody = { errors: { code: string; message: string; field?: string }[] };
type Failures = { 400: Json<ErrorBody>; 403: Json<ErrorBody>; 404: Json<ErrorBody> };
type NoParameters = { query?: never; header?: never; path?: never; cookie?: never };

type WireUser = paths['/api/v1/user']['get']['responses'][200]['content']['application/json'];

/** An identity as GET /user?expand=identities returns it: Kinde's `type` and `identity`, plus the full identity. */
export type ProfileIdentity = NonNullable<WireUser['identities']>[number];

/** The console always asks for the profile with expand=identities, so they are there. */
export type ProfileUser = Omit<WireUser, 'identities'> & { identities: ProfileIdentity[] };

export interface AuditEvent {
  id: string;
  type: string;
  occurred_on: string;
  actor: { type: 'application' | 'user' | 'cli' | 'system'; id: string | null; name: string | null };
  source: 'api' | 'admin' | 'user' | 'cli' | 'system';
  user_id: string | null;
  identity_id: string | null;
  data: Record<string, unknown> | null;
}

interface PendingPaths {
  '/api/v1/events': {
    parameters: NoParameters;
    get: {
      parameters: { query: { user_id?: string; page_size?: number; next_token?: string }; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<{ code: string; message: string; events: AuditEvent[]; next_token: string | null }> } & Failures;
    };
  };
}

export type ApiPaths = paths & PendingPaths;
