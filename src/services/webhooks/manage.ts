import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { seal } from '../../auth/keys.js';
import type { Actor } from '../../domain/actor.js';
import { invalid, notFound } from '../../domain/errors.js';
import { isWebhookEventType } from '../../domain/event-types.js';
import { assertCleanText } from '../../domain/identifiers.js';
import { timeOrderedHex } from '../../domain/ids.js';
import { isPrivateAddress } from '../../domain/private-address.js';
import type { WebhookRow } from '../../store/schema.js';
import * as webhooks from '../../store/webhooks.js';
import { audit } from '../audit.js';
import { inTransaction, type Roster } from '../context.js';

export const webhookNotFound = () => notFound('WEBHOOK_NOT_FOUND', 'No webhook has this id');

export interface WebhookView {
  id: string;
  name: string;
  endpoint: string;
  description: string | null;
  event_types: string[];
  created_on: string;
  is_enabled: boolean;
  disabled_reason: string | null;
}

export const webhookView = (row: WebhookRow): WebhookView => ({
  id: row.id,
  name: row.name,
  endpoint: row.endpoint,
  description: row.description,
  event_types: JSON.parse(row.event_types) as string[],
  created_on: row.created_on,
  is_enabled: row.is_enabled === 1,
  disabled_reason: row.disabled_reason,
});

function checkEventTypes(types: string[]): string[] {
  if (!types.length) throw invalid('INVALID_EVENT_TYPE', 'Subscribe to at least one event type', 'event_types');
  const unknown = types.find((t) => !isWebhookEventType(t));
  if (unknown !== undefined)
    throw invalid('INVALID_EVENT_TYPE', `Unknown event type ${JSON.stringify(unknown)}; see GET /api/v1/event_types`, 'event_types');
  return [...new Set(types)];
}

function checkText(value: string | null | undefined, field: string): void {
  if (value !== undefined && value !== null) assertCleanText(value, field, 'INVALID_REQUEST');
}

/**
 * An endpoint must be https and must not lead to a loopback, private, link-local or metadata address, unless the
 * operator allows private targets (then http too). Checked again at each delivery, since DNS can change.
 */
export async function checkEndpoint(text: string, allowPrivate: boolean): Promise<URL> {
  const bad = (message: string) => invalid('INVALID_ENDPOINT', message, 'endpoint');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad('The endpoint must be an absolute URL');
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) throw bad('The endpoint must be an https:// URL');
  if (url.username || url.password) throw bad('The endpoint must not carry credentials');
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw bad(`The endpoint's host ${host} does not resolve`);
  }
  if (addresses.some(isPrivateAddress)) throw bad('The endpoint resolves to a loopback, private or link-local address');
  return url;
}

export interface NewWebhook {
  endpoint: string;
  event_types: string[];
  name: string;
  description?: string | null;
}

export async function createWebhook(roster: Roster, input: NewWebhook, actor: Actor): Promise<{ webhook: WebhookView; secret: string }> {
  checkText(input.name, 'name');
  checkText(input.description, 'description');
  const eventTypes = checkEventTypes(input.event_types);
  const endpoint = await checkEndpoint(input.endpoint, roster.config.webhooksAllowPrivate);
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const row: WebhookRow = {
    id: `webhook_${timeOrderedHex()}`,
    name: input.name,
    endpoint: endpoint.href,
    description: input.description ?? null,
    event_types: JSON.stringify(eventTypes),
    secret: seal(secret, roster.config.keyEncryptionSecret),
    is_enabled: 1,
    disabled_reason: null,
    created_on: new Date().toISOString(),
  };
  await inTransaction(roster, async (trx) => {
    await webhooks.insertWebhook(trx, row);
    await audit(
      trx,
      actor,
      'webhook.created',
      { userId: null },
      { webhook: { id: row.id, name: row.name, endpoint: row.endpoint, event_types: eventTypes } },
    );
  });
  return { webhook: webhookView(row), secret };
}

export async function listWebhooks(roster: Roster): Promise<WebhookView[]> {
  return (await webhooks.listWebhooks(roster.database.db)).map(webhookView);
}

export interface WebhookChanges {
  event_types?: string[];
  name?: string;
  description?: string | null;
}

export async function updateWebhook(roster: Roster, id: string, changes: WebhookChanges, actor: Actor): Promise<void> {
  checkText(changes.name, 'name');
  checkText(changes.description, 'description');
  const eventTypes = changes.event_types === undefined ? undefined : checkEventTypes(changes.event_types);
  await inTransaction(roster, async (trx) => {
    const patch = {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(eventTypes ? { event_types: JSON.stringify(eventTypes) } : {}),
    };
    const found = Object.keys(patch).length
      ? await webhooks.updateWebhook(trx, id, patch)
      : (await webhooks.findWebhook(trx, id)) !== undefined;
    if (!found) throw webhookNotFound();
    await audit(trx, actor, 'webhook.updated', { userId: null }, { webhook: { id, ...changes } });
  });
}

export async function deleteWebhook(roster: Roster, id: string, actor: Actor): Promise<void> {
  await inTransaction(roster, async (trx) => {
    if (!(await webhooks.deleteWebhook(trx, id))) throw webhookNotFound();
    await audit(trx, actor, 'webhook.deleted', { userId: null }, { webhook: { id } });
  });
}

/** `roster webhooks enable`: a disabled webhook receives again, from the next event on. */
export async function enableWebhook(roster: Roster, id: string, actor: Actor): Promise<void> {
  await inTransaction(roster, async (trx) => {
    if (!(await webhooks.updateWebhook(trx, id, { is_enabled: 1, disabled_reason: null }))) throw webhookNotFound();
    await audit(trx, actor, 'webhook.enabled', { userId: null }, { webhook: { id } });
  });
}

export interface DeliveryView {
  id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed';
  next_attempt_on: string | null;
  created_on: string;
  attempts: {
    attempted_on: string;
    status_code: number | null;
    duration_ms: number;
    error: string | null;
    response_snippet: string | null;
  }[];
}

/** A webhook's deliveries, newest first, with every attempt (time, status, duration, a short response snippet). */
export async function listDeliveries(roster: Roster, webhookId: string, limit = 50): Promise<DeliveryView[]> {
  if (!(await webhooks.findWebhook(roster.database.db, webhookId))) throw webhookNotFound();
  return (await webhooks.deliveriesOf(roster.database.db, webhookId, limit)).map((d) => ({
    id: d.id,
    event_id: d.event_id,
    event_type: d.event_type,
    status: d.status,
    next_attempt_on: d.status === 'pending' ? d.next_attempt_on : null,
    created_on: d.created_on,
    attempts: d.attempts_made.map(({ attempted_on, status_code, duration_ms, error, response_snippet }) => ({
      attempted_on,
      status_code,
      duration_ms,
      error,
      response_snippet,
    })),
  }));
}

/** Makes one delivery due now (again, if it had finished); the dispatcher sends it on its next pass. */
export async function retryDelivery(roster: Roster, webhookId: string, deliveryId: string): Promise<void> {
  await inTransaction(roster, async (trx) => {
    const delivery = await webhooks.findDelivery(trx, deliveryId);
    if (!delivery || delivery.webhook_id !== webhookId) throw notFound('DELIVERY_NOT_FOUND', 'This webhook has no delivery with this id');
    await webhooks.finishDelivery(trx, deliveryId, {
      status: 'pending',
      next_attempt_on: new Date().toISOString(),
      claimed_until: null,
      finished_on: null,
    });
  });
}
