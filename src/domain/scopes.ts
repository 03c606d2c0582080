import { invalid } from './errors.js';

/** The Kinde Management API scopes Roster understands, exactly as Kinde names them. */
export const MANAGEMENT_SCOPES = [
  'read:users',
  'create:users',
  'update:users',
  'delete:users',
  'read:user_identities',
  'create:user_identities',
  'read:identities',
  'update:identities',
  'delete:identities',
  'update:user_refresh_claims',
  'update:user_passwords',
  'read:user_sessions',
  'delete:user_sessions',
  'read:events',
  'read:event_types',
  'create:webhooks',
  'read:webhooks',
  'update:webhooks',
  'delete:webhooks',
] as const;

export type ManagementScope = (typeof MANAGEMENT_SCOPES)[number];

export const isManagementScope = (s: string): s is ManagementScope => (MANAGEMENT_SCOPES as readonly string[]).includes(s);

/** Space- or comma-separated scope text, or `all`, as a checked list. */
export function parseScopes(text: string): ManagementScope[] {
  if (text.trim() === 'all') return [...MANAGEMENT_SCOPES];
  const scopes = text.split(/[\s,]+/).filter(Boolean);
  const unknown = scopes.filter((s) => !isManagementScope(s));
  if (unknown.length)
    throw invalid('INVALID_SCOPE', `Unknown scope ${unknown.join(', ')}; known scopes: ${MANAGEMENT_SCOPES.join(' ')}`, 'scopes');
  return [...new Set(scopes)] as ManagementScope[];
}
