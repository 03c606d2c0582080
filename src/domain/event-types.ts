/**
 * The events a webhook can subscribe to: Kinde's user events with Kinde's codes, and the identity events Roster adds
 * (Kinde sends none). The event log records more types than these (suspensions, sign-outs, applications…); those
 * are read through `/api/v1/events` only.
 */
export interface EventTypeInfo {
  code: string;
  name: string;
  origin: 'kinde' | 'roster';
}

export const WEBHOOK_EVENT_TYPES: readonly EventTypeInfo[] = [
  { code: 'user.created', name: 'User created', origin: 'kinde' },
  { code: 'user.updated', name: 'User updated', origin: 'kinde' },
  { code: 'user.deleted', name: 'User deleted', origin: 'kinde' },
  { code: 'user.authenticated', name: 'User authenticated', origin: 'kinde' },
  { code: 'user.authentication_failed', name: 'User authentication failed', origin: 'kinde' },
  { code: 'identity.created', name: 'Identity created', origin: 'roster' },
  { code: 'identity.deleted', name: 'Identity deleted', origin: 'roster' },
  { code: 'identity.primary_changed', name: 'Identity made primary', origin: 'roster' },
  { code: 'identity.confirmed', name: 'Identity confirmed', origin: 'roster' },
];

export const isWebhookEventType = (code: string) => WEBHOOK_EVENT_TYPES.some((t) => t.code === code);
