import { isIP } from 'node:net';
import { unseal } from '../../auth/keys.js';
import { SYSTEM_ACTOR } from '../../domain/actor.js';
import { timeOrderedHex } from '../../domain/ids.js';
import { isPrivateAddress } from '../../domain/private-address.js';
import { afterFailure } from '../../domain/webhook-retry.js';
import { findEvent, type AuditEvent } from '../../store/audit.js';
import type { DeliveryRow, WebhookRow } from '../../store/schema.js';
import * as webhooks from '../../store/webhooks.js';
import { audit } from '../audit.js';
import { inTransaction, type Roster } from '../context.js';
import { signedBody, standardWebhookHeaders } from './payload.js';
import { DELIVERY_TIMEOUT_MS, sendDelivery, type SendResult } from './send.js';

export interface DispatcherOptions {
  /** The clock, drivable in tests. */
  now?: () => Date;
  /** Deliveries claimed per pass. */
  batchSize?: number;
  timeoutMs?: number;
}

/**
 * Sends what the outbox holds: claims due deliveries (leased past the timeout, so a crashed process's claims fall due
 * again), sends them concurrently, and records each attempt with its outcome. Each event's JWT is signed once per pass,
 * however many webhooks receive it.
 */
export class Dispatcher {
  private readonly now: () => Date;
  private readonly batchSize: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly roster: Roster,
    options: DispatcherOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.batchSize = options.batchSize ?? 200;
    this.timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  }

  /** One pass: returns how many deliveries it attempted. */
  async runOnce(): Promise<number> {
    const now = this.now();
    const lease = new Date(now.getTime() + 2 * this.timeoutMs).toISOString();
    const claimed = await inTransaction(this.roster, (trx) => webhooks.claimDueDeliveries(trx, now.toISOString(), lease, this.batchSize));
    if (!claimed.length) return 0;
    const db = this.roster.database.db;
    const hooks = new Map<string, WebhookRow | undefined>();
    const bodies = new Map<string, Promise<{ event: AuditEvent; body: string } | undefined>>();
    const bodyOf = (eventId: string) => {
      let body = bodies.get(eventId);
      if (!body) {
        body = findEvent(db, eventId).then(async (event) => event && { event, body: await signedBody(this.roster, db, event) });
        bodies.set(eventId, body);
      }
      return body;
    };
    for (const id of new Set(claimed.map((d) => d.webhook_id))) hooks.set(id, await webhooks.findWebhook(db, id));
    await Promise.all(claimed.map((delivery) => this.deliver(delivery, hooks.get(delivery.webhook_id), bodyOf(delivery.event_id))));
    return claimed.length;
  }

  private async deliver(
    delivery: DeliveryRow,
    hook: WebhookRow | undefined,
    made: Promise<{ event: AuditEvent; body: string } | undefined>,
  ): Promise<void> {
    const signed = await made;
    if (!hook || hook.is_enabled === 0 || !signed) {
      await webhooks.finishDelivery(this.roster.database.db, delivery.id, {
        status: 'failed',
        finished_on: this.now().toISOString(),
        claimed_until: null,
      });
      return;
    }
    const secret = unseal(hook.secret, this.roster.config.keyEncryptionSecret);
    const endpoint = new URL(hook.endpoint);
    const attemptedOn = this.now();
    const host = endpoint.hostname.replace(/^\[|\]$/g, '');
    const allowPrivate = this.roster.config.webhooksAllowPrivate;
    const result: SendResult =
      !allowPrivate && isIP(host) && isPrivateAddress(host)
        ? { status: null, durationMs: 0, snippet: null, error: 'The endpoint is a private address' }
        : await sendDelivery(
            endpoint,
            signed.body,
            { 'content-type': 'application/jwt', ...standardWebhookHeaders(secret, signed.event.id, signed.body, attemptedOn) },
            { allowPrivate, timeoutMs: this.timeoutMs },
          );
    await this.record(delivery, hook, attemptedOn, result);
  }

  private async record(delivery: DeliveryRow, hook: WebhookRow, attemptedOn: Date, result: SendResult): Promise<void> {
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const now = this.now();
    await inTransaction(this.roster, async (trx) => {
      await webhooks.recordAttempt(trx, {
        id: `attempt_${timeOrderedHex()}`,
        delivery_id: delivery.id,
        attempted_on: attemptedOn.toISOString(),
        status_code: result.status,
        duration_ms: result.durationMs,
        error: result.error,
        response_snippet: result.snippet,
      });
      const attempts = delivery.attempts + 1;
      if (ok)
        return webhooks.finishDelivery(trx, delivery.id, {
          status: 'delivered',
          attempts,
          finished_on: now.toISOString(),
          claimed_until: null,
        });
      const outcome = afterFailure({ status: result.status, failures: attempts, firstAttemptOn: new Date(delivery.created_on), now });
      if (outcome.kind === 'retry')
        return webhooks.finishDelivery(trx, delivery.id, { attempts, next_attempt_on: outcome.at.toISOString(), claimed_until: null });
      await webhooks.finishDelivery(trx, delivery.id, { status: 'failed', attempts, finished_on: now.toISOString(), claimed_until: null });
      if (await webhooks.updateWebhook(trx, hook.id, { is_enabled: 0, disabled_reason: outcome.reason }))
        await audit(trx, SYSTEM_ACTOR, 'webhook.disabled', { userId: null }, { webhook: { id: hook.id }, reason: outcome.reason });
    });
  }
}

/** Fastify's logger fits. */
export interface DispatchLog {
  error(details: object, text: string): void;
}

/** Runs the dispatcher every `everyMs` (from the end of the previous pass) until stopped; the timer does not hold the process. */
export function startDispatcher(roster: Roster, log: DispatchLog, everyMs = 1_000): () => Promise<void> {
  const dispatcher = new Dispatcher(roster);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> = Promise.resolve();
  const run = () => {
    timer = setTimeout(() => {
      pass = (async () => {
        try {
          // A full batch means more may be due: go again at once.
          for (let round = 0; round < 100 && !stopped && (await dispatcher.runOnce()) > 0; round++);
        } catch (error) {
          log.error({ err: error }, 'webhook dispatch failed; will try again');
        }
        if (!stopped) run();
      })();
    }, everyMs);
    timer.unref();
  };
  run();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await pass;
  };
}
