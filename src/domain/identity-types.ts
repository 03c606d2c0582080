/**
 * The identities a person types in and is reached at. Each keeps one primary per user, and the primaries go into the
 * ID token and the user's wire shape.
 */
export const CONTACT_IDENTITY_TYPES = ['email', 'phone', 'username'] as const;
export type ContactIdentityType = (typeof CONTACT_IDENTITY_TYPES)[number];

/** A contact identity, or a social one an import brought along (`oauth2:google`). */
export type IdentityType = ContactIdentityType | `oauth2:${string}`;

export const isContactType = (type: string): type is ContactIdentityType => (CONTACT_IDENTITY_TYPES as readonly string[]).includes(type);

/** "email, phone or username", for messages and descriptions. */
export const CONTACT_TYPES_IN_WORDS = `${CONTACT_IDENTITY_TYPES.slice(0, -1).join(', ')} or ${CONTACT_IDENTITY_TYPES.at(-1)}`;
