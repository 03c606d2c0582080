import { createHmac } from 'node:crypto';
import { signJwt } from '../../auth/jwt.js';
import type { AuditEvent } from '../../store/audit.js';
import type { Executor } from '../../store/database.js';
import { identitiesOfUsers } from '../../store/identities.js';
import { findUser } from '../../store/users.js';
import type { Roster } from '../context.js';

const primary = (rows: { type: string; name: string; is_primary: number }[], type: string) =>
  rows.find((r) => r.type === type && r.is_primary === 1)?.name ?? null;

/**
 * The `data` of a delivery in Kinde's shapes (`@kinde/webhooks`): `user.created` and `user.updated` carry the user
 * as it is now; the other user events `{user: {id}}` plus what the event log knows (identity, method); identity
 * events their identity and `{user: {id}}`.
 */
export async function webhookData(ex: Executor, event: AuditEvent): Promise<Record<string, unknown>> {
  const userRef = { id: event.user_id };
  if (event.type === 'user.created' || event.type === 'user.updated') {
    const user = event.user_id ? await findUser(ex, event.user_id) : undefined;
    if (!user) return { user: userRef };
    const identities = await identitiesOfUsers(ex, [user.id], true);
    return {
      user: {
        id: user.id,
        email: primary(identities, 'email'),
        first_name: user.first_name,
        last_name: user.last_name,
        is_password_reset_requested: user.is_password_reset_requested === 1,
        is_suspended: user.is_suspended === 1,
        organizations: [],
        phone: primary(identities, 'phone'),
        username: primary(identities, 'username'),
      },
    };
  }
  const { warnings: _warnings, ...rest } = event.data;
  return { ...rest, user: userRef };
}

/** The body of every delivery of one event: a JWT signed by the current signing key, made once per event. */
export async function signedBody(roster: Roster, ex: Executor, event: AuditEvent): Promise<string> {
  return signJwt(roster.keys, {
    type: event.type,
    event_id: event.id,
    timestamp: event.occurred_on,
    source: event.actor.source,
    data: await webhookData(ex, event),
    iss: roster.config.issuer,
    iat: Math.floor(Date.now() / 1000),
  });
}

/** Standard Webhooks' headers: `v1,` HMAC-SHA256 of `id.timestamp.body` keyed with the secret's base64 bytes. */
export function standardWebhookHeaders(secret: string, id: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000).toString();
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
