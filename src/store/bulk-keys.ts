/** The kinds of key a row claims besides its identities (whose kind is their type). */
export const PROVIDED_ID_KIND = 'provided_id';
export const LOOKALIKE_KIND = 'lookalike';
export const LOOKALIKE_CASED_KIND = 'lookalike_cased';

export const isIdentityKind = (kind: string) => kind !== PROVIDED_ID_KIND && kind !== LOOKALIKE_KIND && kind !== LOOKALIKE_CASED_KIND;

export const identityKey = (type: string, lookupKey: string) => `${type}\u0000${lookupKey}`;
