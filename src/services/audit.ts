import type { Actor } from '../domain/actor.js';
import { isWebhookEventType } from '../domain/event-types.js';
import { newEventId } from '../domain/ids.js';
import { recordEvent } from '../store/audit.js';
import type { Executor } from '../store/database.js';
import type { IdentityRow } from '../store/schema.js';
import { enqueueDeliveries } from '../store/webhooks.js';

/** Records what happened inside the transaction that made it happen, so the trail and the change commit together. */
export async function audit(
  ex: Executor,
  actor: Actor,
  type: string,
  subject: { userId: string | null; identityId?: string },
  data: Record<string, unknown>,
): Promise<void> {
  const event = {
    id: newEventId(),
    occurred_on: new Date().toISOString(),
    type,
    actor,
    user_id: subject.userId,
    identity_id: subject.identityId ?? null,
    data,
  };
  await recordEvent(ex, event);
  // The transactional outbox: the deliveries commit (or roll back) with the change and its event.
  if (isWebhookEventType(type)) await enqueueDeliveries(ex, event, `delivery_${event.id.slice('event_'.length)}_`);
}

/** What identity events carry: the identity as it is (or was) with its value in display case, never a secret. */
export const identityData = (row: IdentityRow) => ({
  identity: {
    id: row.id,
    type: row.type,
    value: row.name,
    is_primary: row.is_primary === 1,
    is_confirmed: row.is_confirmed === 1,
    user_id: row.user_id,
  },
});
