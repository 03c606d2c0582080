import { sql, type Updateable } from 'kysely';
import type { Executor } from './database.js';
import { engineOf } from './engine.js';
import type { DeliveryRow, WebhookAttemptsTable, WebhookRow, WebhooksTable } from './schema.js';

export async function insertWebhook(ex: Executor, row: WebhookRow): Promise<void> {
  await ex.insertInto('webhooks').values(row).execute();
}

export function findWebhook(ex: Executor, id: string): Promise<WebhookRow | undefined> {
  return ex.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listWebhooks(ex: Executor): Promise<WebhookRow[]> {
  return ex.selectFrom('webhooks').selectAll().orderBy('id').execute();
}

export async function updateWebhook(ex: Executor, id: string, patch: Updateable<WebhooksTable>): Promise<boolean> {
  const result = await ex.updateTable('webhooks').set(patch).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteWebhook(ex: Executor, id: string): Promise<boolean> {
  const result = await ex.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

const jsonString = (text: string) => JSON.stringify(text).replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The outbox write: one pending delivery per enabled webhook subscribed to the event's type, in the caller's
 * transaction, as one INSERT … SELECT (nothing is read back into the process).
 */
export async function enqueueDeliveries(
  ex: Executor,
  event: { id: string; type: string; occurred_on: string },
  idPrefix: string,
): Promise<void> {
  await sql`
    insert into webhook_deliveries (id, webhook_id, event_id, status, attempts, next_attempt_on, claimed_until, created_on, finished_on)
    select ${idPrefix} || w.id, w.id, ${event.id}, 'pending', 0, ${event.occurred_on}, null, ${event.occurred_on}, null
    from webhooks w
    where w.is_enabled = 1 and w.event_types like ${'%' + jsonString(event.type) + '%'} escape '\\'`.execute(ex);
}

/**
 * Claims up to `limit` due deliveries until `leaseUntil`. On PostgreSQL `FOR UPDATE SKIP LOCKED` lets several
 * processes claim at once without taking the same rows; SQLite has one writer at a time anyway.
 */
export async function claimDueDeliveries(ex: Executor, now: string, leaseUntil: string, limit: number): Promise<DeliveryRow[]> {
  let due = ex
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_on', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .orderBy('next_attempt_on')
    .limit(limit);
  if (engineOf(ex) === 'postgres') due = due.forUpdate().skipLocked();
  return ex.updateTable('webhook_deliveries').set({ claimed_until: leaseUntil }).where('id', 'in', due).returningAll().execute();
}

export async function finishDelivery(ex: Executor, id: string, patch: Updateable<DeliveryRow>): Promise<void> {
  await ex.updateTable('webhook_deliveries').set(patch).where('id', '=', id).execute();
}

export async function recordAttempt(ex: Executor, row: WebhookAttemptsTable): Promise<void> {
  await ex.insertInto('webhook_attempts').values(row).execute();
}

export function findDelivery(ex: Executor, id: string): Promise<DeliveryRow | undefined> {
  return ex.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A webhook's deliveries, newest first, each with its attempts. */
export async function deliveriesOf(ex: Executor, webhookId: string, limit: number) {
  const deliveries = await ex
    .selectFrom('webhook_deliveries as d')
    .innerJoin('audit_events as e', 'e.id', 'd.event_id')
    .selectAll('d')
    .select('e.type as event_type')
    .where('d.webhook_id', '=', webhookId)
    .orderBy('d.created_on', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
  if (!deliveries.length) return [];
  const attempts = await ex
    .selectFrom('webhook_attempts')
    .selectAll()
    .where(
      'delivery_id',
      'in',
      deliveries.map((d) => d.id),
    )
    .orderBy('attempted_on')
    .execute();
  return deliveries.map((d) => ({ ...d, attempts_made: attempts.filter((a) => a.delivery_id === d.id) }));
}
