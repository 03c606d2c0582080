// Shared TypeBox schemas: they validate requests, serialise responses and become the OpenAPI document.
import { Type } from '@sinclair/typebox';
import { IDENTITY_ID, USER_ID } from '../../domain/ids.js';
import { Nullable } from '../../services/nullable.js';

export { Nullable };

export const Text = (maxLength: number, description?: string) => Type.String({ maxLength, description });
export const UserId = Type.String({
  pattern: USER_ID.source,
  description: 'A user id: kp_ and 32 hex digits',
  examples: ['kp_c3143a4b50ad43c88e541d9077681782'],
});
export const IdentityId = Type.String({ pattern: IDENTITY_ID.source, description: 'An identity id: identity_ and 32 hex digits' });
export const PageSize = Type.Integer({ minimum: 1, maximum: 500, description: 'Results per page (default 10, at most 500)' });
/** Comma-separated values, as Kinde's clients send them (`email=a%40b.com%2Cc%40d.com`). */
export const CommaList = (description: string) => Type.String({ maxLength: 8192, description });
export const Expand = Type.String({ maxLength: 200, description: 'Comma-separated: identities, organizations, billing' });
export const Bool = Type.Boolean();

export const SuccessResponse = Type.Object({ code: Type.String({ examples: ['OK'] }), message: Type.String({ examples: ['Success'] }) });

export const ErrorResponse = Type.Object({
  errors: Type.Array(Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) })),
});

export const Identity = Type.Object({
  id: Type.String(),
  type: Type.String({ examples: ['email'] }),
  is_confirmed: Type.Boolean(),
  created_on: Type.String({ format: 'date-time' }),
  last_login_on: Nullable(Type.String({ format: 'date-time' })),
  total_logins: Type.Integer(),
  name: Type.String({ description: 'The value of the identity: an email, E.164 phone number or username (display case)' }),
  email: Nullable(Type.String()),
  connection_id: Nullable(Type.String()),
  is_primary: Type.Boolean(),
});

const CompactIdentity = Type.Object({ type: Type.String(), identity: Type.String() });
const ListedIdentity = Type.Object({ type: Type.String(), identity: Type.String(), connection_id: Nullable(Type.String()) });

const userFields = {
  id: Type.String(),
  provided_id: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  username: Nullable(Type.String()),
  last_name: Nullable(Type.String()),
  first_name: Nullable(Type.String()),
  is_suspended: Type.Boolean(),
  picture: Nullable(Type.String()),
  total_sign_ins: Nullable(Type.Integer()),
  failed_sign_ins: Nullable(Type.Integer()),
  last_signed_in: Nullable(Type.String({ format: 'date-time' })),
  created_on: Nullable(Type.String({ format: 'date-time' })),
  organizations: Type.Optional(Type.Array(Type.String())),
};

/** An identity on GET /user: Kinde's `type` and `identity`, and (a Roster extension) everything else about it. */
const ProfileIdentity = Type.Object({ ...Identity.properties, identity: Type.String() });

/** GET /user: the primary email is `preferred_email`; with expand=identities, a profile page's data in one call. */
export const User = Type.Object({
  ...userFields,
  preferred_email: Nullable(Type.String()),
  identities: Type.Optional(Type.Array(ProfileIdentity)),
});

/** GET /users: the same user, with the primary email as `email` and identities carrying their connection. */
export const ListedUser = Type.Object({
  ...userFields,
  email: Nullable(Type.String()),
  identities: Type.Optional(Type.Array(ListedIdentity)),
});

export const SearchedUser = Type.Object({
  ...userFields,
  email: Nullable(Type.String()),
  identities: Type.Optional(Type.Array(CompactIdentity)),
});
