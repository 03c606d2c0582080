import { newEventId } from '../domain/ids.js';
import { recordEvent } from '../store/audit.js';
import type { Executor } from '../store/database.js';
import type { Actor } from './context.js';

/** Records what happened inside the transaction that made it happen, so the trail and the change commit together. */
export function audit(
  ex: Executor,
  actor: Actor,
  action: string,
  subject: { userId: string; identityId?: string },
  detail: Record<string, unknown>,
): Promise<void> {
  return recordEvent(ex, {
    id: newEventId(),
    occurred_on: new Date().toISOString(),
    actor,
    action,
    user_id: subject.userId,
    identity_id: subject.identityId ?? null,
    detail,
  });
}
