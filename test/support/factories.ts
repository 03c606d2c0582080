import type { Static } from '@sinclair/typebox';
import { expect } from 'vitest';
import type { Identity } from '../../src/http/management/schemas.js';
import { eventsOfUser, type AuditEvent } from '../../src/store/audit.js';
import type { TestServer } from './roster.js';

/** Ids that are well formed but belong to nobody. */
export const UNKNOWN_USER_ID = `kp_${'0'.repeat(32)}`;
export const UNKNOWN_IDENTITY_ID = `identity_${'0'.repeat(32)}`;

type ApiResult = Awaited<ReturnType<TestServer['api']>>;

/** What a test wants a new user to have; each present field becomes one identity, in this order. */
export interface UserSpec {
  email?: string;
  emailVerified?: boolean;
  phone?: string;
  phoneCountryId?: string;
  phoneVerified?: boolean;
  username?: string;
  givenName?: string;
  familyName?: string;
}

/** The Kinde `POST /api/v1/user` body for a spec. */
export function userBody(spec: UserSpec): Record<string, unknown> {
  const identities: Record<string, unknown>[] = [];
  if (spec.email !== undefined)
    identities.push({
      type: 'email',
      ...(spec.emailVerified === undefined ? {} : { is_verified: spec.emailVerified }),
      details: { email: spec.email },
    });
  if (spec.phone !== undefined) {
    identities.push({
      type: 'phone',
      ...(spec.phoneVerified === undefined ? {} : { is_verified: spec.phoneVerified }),
      details: { phone: spec.phone, ...(spec.phoneCountryId === undefined ? {} : { phone_country_id: spec.phoneCountryId }) },
    });
  }
  if (spec.username !== undefined) identities.push({ type: 'username', details: { username: spec.username } });
  const profile = {
    ...(spec.givenName === undefined ? {} : { given_name: spec.givenName }),
    ...(spec.familyName === undefined ? {} : { family_name: spec.familyName }),
  };
  return { ...(Object.keys(profile).length ? { profile } : {}), identities };
}

/** Creates a user over HTTP, insisting it works, and returns its id. */
export async function createUser(server: TestServer, spec: UserSpec): Promise<string> {
  const response = await server.api('POST', '/api/v1/user', userBody(spec));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.id as string;
}

/** Adds an identity over HTTP (`{type, value, phone_country_id?, is_verified?}`), insisting it works; returns its id. */
export async function addIdentity(server: TestServer, userId: string, body: Record<string, unknown>): Promise<string> {
  const response = await server.api('POST', `/api/v1/users/${userId}/identities`, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.identity.id as string;
}

export type WireIdentity = Static<typeof Identity>;

/** Every identity of a user, in the order the API lists them. */
export async function identitiesOf(server: TestServer, userId: string): Promise<WireIdentity[]> {
  const response = await server.api('GET', `/api/v1/users/${userId}/identities?page_size=500`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.identities as WireIdentity[];
}

export async function getIdentity(server: TestServer, id: string): Promise<WireIdentity> {
  const response = await server.api('GET', `/api/v1/identities/${id}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as WireIdentity;
}

/** GET /api/v1/user, insisting the user exists. */
export async function getUser(server: TestServer, id: string, expand?: string): Promise<Record<string, any>> {
  const response = await server.api('GET', `/api/v1/user?id=${id}${expand ? `&expand=${encodeURIComponent(expand)}` : ''}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** Asserts a Kinde error envelope: the status, JSON content type and the first error's code. */
export function expectError(response: ApiResult, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.body.errors[0].code).toBe(code);
}

/** The audit trail of one user, oldest first, read straight from the database. */
export function auditOf(server: TestServer, userId: string): Promise<AuditEvent[]> {
  return eventsOfUser(server.roster.database.db, userId);
}
