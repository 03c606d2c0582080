import type { paths } from './schema';

/**
 * Written by hand, to the agreed contract: the calls the console makes that the server's OpenAPI document does not
 * describe yet (admin access and the event log add them). Each entry has openapi-typescript's shape and overrides or
 * adds to the generated `paths`; when the document gains a call, run `npm run console:types` and delete it here.
 */

type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
export type ErrorBody = { errors: { code: string; message: string; field?: string }[] };
type Failures = { 400: Json<ErrorBody>; 403: Json<ErrorBody>; 404: Json<ErrorBody>; 409: Json<ErrorBody> };
type NoParameters = { query?: never; header?: never; path?: never; cookie?: never };

/** An identity as GET /user?expand=identities returns it: Kinde's `type` and `identity`, plus the full identity. */
export interface ProfileIdentity {
  type: string;
  identity: string;
  id: string;
  name: string;
  is_primary: boolean;
  is_confirmed: boolean;
  total_logins: number;
  last_login_on: string | null;
  created_on: string;
  connection_id: string | null;
}

export type ProfileUser = Omit<paths['/api/v1/user']['get']['responses'][200]['content']['application/json'], 'identities'> & {
  identities: ProfileIdentity[];
};

export interface UserSession {
  session_id: string;
  user_id?: string;
  client_id: string;
  client_name?: string | null;
  org_code?: string | null;
  started_on: string;
  updated_on: string;
  expires_on: string;
  connection_id?: string | null;
  last_ip_address?: string | null;
  last_user_agent?: string | null;
  initial_ip_address?: string | null;
  initial_user_agent?: string | null;
}

/** One entry of the event log, as GET /api/v1/events lists it. */
export type AuditEvent = paths['/api/v1/events']['get']['responses'][200]['content']['application/json']['events'][number];

export interface ReplaceIdentityBody {
  value: string;
  phone_country_id?: string;
  is_verified?: boolean;
}

interface PendingPaths {
  '/api/v1/user': Omit<paths['/api/v1/user'], 'get'> & {
    get: {
      parameters: { query: { id: string; expand?: string }; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<ProfileUser> } & Failures;
    };
  };
  '/api/v1/identities/{identity_id}': Omit<paths['/api/v1/identities/{identity_id}'], 'delete'> & {
    delete: {
      parameters: { query?: never; header?: never; path: { identity_id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<{ code: string; message: string; promoted_identity_id: string | null }> } & Failures;
    };
  };
  '/api/v1/identities/{identity_id}/replace': {
    parameters: NoParameters;
    post: {
      parameters: { query?: never; header?: never; path: { identity_id: string }; cookie?: never };
      requestBody: { content: { 'application/json': ReplaceIdentityBody } };
      responses: { 200: Json<{ code: string; message: string; identity: { id: string }; replaced_identity_id: string }> } & Failures;
    };
  };
  '/api/v1/users/{user_id}/sessions': {
    parameters: NoParameters;
    get: {
      parameters: { query?: never; header?: never; path: { user_id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<{ code: string; message: string; has_more?: boolean; sessions: UserSession[] }> } & Failures;
    };
    delete: {
      parameters: { query?: never; header?: never; path: { user_id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: Json<{ code: string; message: string }> } & Failures;
    };
  };
}

export type ApiPaths = Omit<paths, keyof PendingPaths> & PendingPaths;
