import type { paths } from './schema';

type WireUser = paths['/api/v1/user']['get']['responses'][200]['content']['application/json'];

/** An identity as GET /user?expand=identities returns it: Kinde's `type` and `identity`, plus the full identity. */
export type ProfileIdentity = NonNullable<WireUser['identities']>[number];

/** The console always asks for the profile with expand=identities, so they are there. */
export type ProfileUser = Omit<WireUser, 'identities'> & { identities: ProfileIdentity[] };

/** One entry of the event log, as GET /api/v1/events lists it. */
export type AuditEvent = paths['/api/v1/events']['get']['responses'][200]['content']['application/json']['events'][number];
