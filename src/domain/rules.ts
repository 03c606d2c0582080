import { invalid } from './errors.js';
import { isContactType } from './identity-types.js';

/** The contact types have one primary per user. */
export const canBePrimary = isContactType;

/** The first identity of a primary-capable type that a user gets becomes its primary. */
export const startsAsPrimary = (type: string, userHasPrimaryOfType: boolean): boolean => canBePrimary(type) && !userHasPrimaryOfType;

export interface IdentityFacts {
  id: string;
  type: string;
  isPrimary: boolean;
  isConfirmed: boolean;
}

export type PrimaryChange = 'promote' | 'none';

/** What `{"is_primary": wanted}` means for this identity, or why it is refused. */
export function primaryChange(identity: IdentityFacts, wanted: boolean): PrimaryChange {
  if (!canBePrimary(identity.type)) {
    if (!wanted) return 'none';
    throw invalid('IDENTITY_CANNOT_BE_PRIMARY', `A ${identity.type} identity cannot be primary`, 'is_primary');
  }
  if (wanted) return identity.isPrimary ? 'none' : 'promote';
  if (identity.isPrimary) {
    throw invalid('PRIMARY_REQUIRED', 'Every identity type keeps a primary: make another identity primary instead', 'is_primary');
  }
  return 'none';
}

/** A user's last identity cannot be deleted: with none left they could never sign in. */
export function assertDeletable(identitiesOfUser: number): void {
  if (identitiesOfUser <= 1) {
    throw invalid('LAST_IDENTITY', 'This is the user’s last identity; delete the user instead');
  }
}

/**
 * When a primary is deleted, another identity of the same type takes its place: the oldest confirmed one, else the
 * oldest. `sameType` is in creation order and may include the deleted identity.
 */
export function successorOf(deleted: IdentityFacts, sameType: IdentityFacts[]): IdentityFacts | undefined {
  if (!deleted.isPrimary) return undefined;
  const others = sameType.filter((i) => i.id !== deleted.id && i.type === deleted.type);
  return others.find((i) => i.isConfirmed) ?? others[0];
}

/** Email and phone start unconfirmed unless the caller vouches for them; usernames are confirmed when created. */
export const startsConfirmed = (type: string, isVerified: boolean | undefined): boolean => type === 'username' || isVerified === true;
