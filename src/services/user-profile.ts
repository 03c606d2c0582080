import { findTokenSubject } from '../store/token-subjects.js';
import type { Roster } from './context.js';
import { profileClaims } from './user-tokens.js';

export interface UserProfileV2 {
  id: string;
  sub: string;
  provided_id: string | null;
  name: string | null;
  given_name: string | null;
  family_name: string | null;
  updated_at: number;
  email: string | null;
  email_verified: boolean | null;
  picture: string | null;
  preferred_username: string | null;
  phone_number: string | null;
}

export interface UserProfileV1 {
  id: string;
  preferred_email: string | null;
  username: string | null;
  provided_id: string | null;
  last_name: string | null;
  first_name: string | null;
  picture: string | null;
}

/** The user as they are now (names, picture, primaries), or undefined when they no longer exist or are suspended. */
export async function userProfile(roster: Roster, userId: string): Promise<{ v2: UserProfileV2; v1: UserProfileV1 } | undefined> {
  const subject = await findTokenSubject(roster.database.db, userId);
  if (!subject || subject.user.is_suspended) return undefined;
  const claims = profileClaims(subject);
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const { user } = subject;
  return {
    v2: {
      id: user.id,
      sub: user.id,
      provided_id: user.provided_id,
      name: text(claims.name),
      given_name: user.first_name,
      family_name: user.last_name,
      updated_at: claims.updated_at as number,
      email: text(claims.email),
      email_verified: typeof claims.email_verified === 'boolean' ? claims.email_verified : null,
      picture: user.picture,
      preferred_username: text(claims.preferred_username),
      phone_number: text(claims.phone_number),
    },
    v1: {
      id: user.id,
      preferred_email: text(claims.email),
      username: text(claims.preferred_username),
      provided_id: user.provided_id,
      last_name: user.last_name,
      first_name: user.first_name,
      picture: user.picture,
    },
  };
}
