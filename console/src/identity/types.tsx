import { Icon } from '../ui/icons';

export const IDENTITY_TYPES = ['email', 'phone', 'username'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

/** The word on screen for each type: the Type choice, the table and the field label. */
export const TYPE_NAMES: Record<IdentityType, string> = { email: 'Email', phone: 'Phone', username: 'Username' };
export const VALUE_LABELS: Record<IdentityType, string> = { email: 'Email', phone: 'Phone number', username: 'Username' };
/** In a sentence: "the primary email", "a new phone number". */
export const TYPE_WORDS: Record<IdentityType, string> = { email: 'email', phone: 'phone number', username: 'username' };

export const isContactType = (type: string): type is IdentityType => (IDENTITY_TYPES as readonly string[]).includes(type);

/** Social and other identities ("oauth2:google") are named by their provider. */
function typeName(type: string): string {
  if (isContactType(type)) return TYPE_NAMES[type];
  const provider = type.replace(/^oauth2:/, '');
  return provider.charAt(0).toUpperCase() + provider.slice(1);
}

export function TypeLabel({ type }: { type: string }) {
  return (
    <span className="type">
      <Icon name={isContactType(type) ? type : 'social'} />
      {typeName(type)}
    </span>
  );
}
