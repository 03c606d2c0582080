import type { DeleteResult } from 'kysely';
import type { Executor } from './database.js';

/**
 * Rows one statement deletes at most, so no delete holds the database for long. Each function deletes one batch and
 * returns how many rows went: fewer than this means nothing more was due. `where id in (select … limit n)` because
 * neither engine has a portable `delete … limit`.
 */
export const PRUNE_BATCH_SIZE = 1_000;

const deleted = (result: DeleteResult) => Number(result.numDeletedRows);

/** Authorization requests that expired before `before`. */
export async function pruneAuthorizationRequests(ex: Executor, before: string): Promise<number> {
  const due = ex.selectFrom('authorization_requests').select('id').where('expires_on', '<', before).limit(PRUNE_BATCH_SIZE);
  return deleted(await ex.deleteFrom('authorization_requests').where('id', 'in', due).executeTakeFirstOrThrow());
}

/** Authorization codes, used or not, that expired before `before`. */
export async function pruneAuthorizationCodes(ex: Executor, before: string): Promise<number> {
  const due = ex.selectFrom('authorization_codes').select('code_hash').where('expires_on', '<', before).limit(PRUNE_BATCH_SIZE);
  return deleted(await ex.deleteFrom('authorization_codes').where('code_hash', 'in', due).executeTakeFirstOrThrow());
}

/** One-time codes, used or not, that expired before `before`. */
export async function pruneOneTimeCodes(ex: Executor, before: string): Promise<number> {
  const due = ex.selectFrom('one_time_codes').select('id').where('expires_on', '<', before).limit(PRUNE_BATCH_SIZE);
  return deleted(await ex.deleteFrom('one_time_codes').where('id', 'in', due).executeTakeFirstOrThrow());
}

/** Sign-in failure counters last touched before `before` and not locked after it. */
export async function pruneSignInAttempts(ex: Executor, before: string): Promise<number> {
  const due = ex
    .selectFrom('sign_in_attempts')
    .select('key')
    .where('updated_on', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
    .limit(PRUNE_BATCH_SIZE);
  return deleted(await ex.deleteFrom('sign_in_attempts').where('key', 'in', due).executeTakeFirstOrThrow());
}

/** Sessions that expired or ended before `before`; their authorization codes and refresh tokens go with them. */
export async function pruneSessions(ex: Executor, before: string): Promise<number> {
  const due = ex
    .selectFrom('sessions')
    .select('id')
    .where((eb) => eb.or([eb('expires_on', '<', before), eb('ended_on', '<', before)]))
    .limit(PRUNE_BATCH_SIZE);
  return deleted(await ex.deleteFrom('sessions').where('id', 'in', due).executeTakeFirstOrThrow());
}

/** Refresh tokens, used, revoked or neither, that expired before `before`. */
export async function pruneRefreshTokens(ex: Executor, before: string): Promise<number> {
  const due = ex.selectFrom('refresh_tokens').select('id').where('expires_on', '<', before).limit(PRUNE_BATCH_SIZE);
  return deleted(await ex.deleteFrom('refresh_tokens').where('id', 'in', due).executeTakeFirstOrThrow());
}

/** Outbox messages kept before `before`. */
export async function pruneOutbox(ex: Executor, before: string): Promise<number> {
  const due = ex.selectFrom('outbox').select('id').where('created_on', '<', before).limit(PRUNE_BATCH_SIZE);
  return deleted(await ex.deleteFrom('outbox').where('id', 'in', due).executeTakeFirstOrThrow());
}

/** Events that occurred before `before`, but none a pending webhook delivery still needs. */
export async function pruneEvents(ex: Executor, before: string): Promise<number> {
  // An event a webhook delivery still waits for stays until the dispatcher is done with it.
  const due = ex
    .selectFrom('audit_events')
    .select('id')
    .where('occurred_on', '<', before)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('webhook_deliveries as d')
            .select('d.id')
            .whereRef('d.event_id', '=', 'audit_events.id')
            .where('d.status', '=', 'pending'),
        ),
      ),
    )
    .limit(PRUNE_BATCH_SIZE);
  return deleted(await ex.deleteFrom('audit_events').where('id', 'in', due).executeTakeFirstOrThrow());
}
