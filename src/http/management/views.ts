import type { Static } from '@sinclair/typebox';
import type { UserWithIdentities } from '../../services/users.js';
import type { IdentityRow } from '../../store/schema.js';
import type { Identity } from './schemas.js';

/** Kinde's wire shapes, from rows. */
export const identityView = (row: IdentityRow): Static<typeof Identity> => ({
  id: row.id,
  type: row.type,
  is_confirmed: row.is_confirmed === 1,
  created_on: row.created_on,
  last_login_on: row.last_login_on,
  total_logins: row.total_logins,
  name: row.name,
  email: row.type === 'email' ? row.name : null,
  connection_id: row.connection_id,
  is_primary: row.is_primary === 1,
});

export const primaryOf = (identities: IdentityRow[], type: string) =>
  identities.find((i) => i.type === type && i.is_primary === 1)?.name ?? null;

export interface UserViewOptions {
  /** `preferred_email` on GET /user, `email` in lists and search. */
  emailField: 'preferred_email' | 'email';
  expand: Set<string>;
  /** Each expanded identity: its type and value (default), with its connection, or everything a profile shows. */
  identityDetail?: 'compact' | 'connection' | 'full';
}

export function userView({ user, identities }: UserWithIdentities, options: UserViewOptions) {
  return {
    id: user.id,
    provided_id: user.provided_id,
    [options.emailField]: primaryOf(identities, 'email'),
    phone: primaryOf(identities, 'phone'),
    username: primaryOf(identities, 'username'),
    last_name: user.last_name,
    first_name: user.first_name,
    is_suspended: user.is_suspended === 1,
    picture: user.picture,
    total_sign_ins: user.total_sign_ins,
    failed_sign_ins: user.failed_sign_ins,
    last_signed_in: user.last_signed_in,
    created_on: user.created_on,
    ...(options.expand.has('organizations') ? { organizations: [] } : {}),
    ...(options.expand.has('identities')
      ? {
          identities: identities.map((i) =>
            options.identityDetail === 'full'
              ? { ...identityView(i), identity: i.name }
              : options.identityDetail === 'connection'
                ? { type: i.type, identity: i.name, connection_id: i.connection_id }
                : { type: i.type, identity: i.name },
          ),
        }
      : {}),
  };
}

export const parseExpand = (expand: string | undefined) =>
  new Set(
    (expand ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
