import type { Actor } from '../domain/actor.js';
import { newEventId } from '../domain/ids.js';
import { recordEvent } from '../store/audit.js';
import type { Executor } from '../store/database.js';
import type { IdentityRow } from '../store/schema.js';

/** Records what happened inside the transaction that made it happen, so the trail and the change commit together. */
export function audit(
  ex: Executor,
  actor: Actor,
  type: string,
  subject: { userId: string | null; identityId?: string },
  data: Record<string, unknown>,
): Promise<void> {
  return recordEvent(ex, {
    id: newEventId(),
    occurred_on: new Date().toISOString(),
    type,
    actor,
    user_id: subject.userId,
    identity_id: subject.identityId ?? null,
    data,
  });
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
