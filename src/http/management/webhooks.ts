import { Type } from '@sinclair/typebox';
import * as manage from '../../services/webhooks/manage.js';
import { defineRoute, OK } from './route.js';
import { ErrorResponse, Nullable, SuccessResponse, Text } from './schemas.js';

const WebhookId = Type.String({ pattern: '^webhook_[0-9a-f]{32}$', description: 'A webhook id: webhook_ and 32 hex digits' });
const EventTypes = Type.Array(Text(64), { maxItems: 50, description: 'Codes from GET /api/v1/event_types' });
const Name = Text(255);
const Description = Nullable(Text(1024));

const Webhook = Type.Object({
  id: Type.String(),
  name: Type.String(),
  endpoint: Type.String(),
  description: Nullable(Type.String()),
  event_types: Type.Array(Type.String()),
  created_on: Type.String({ format: 'date-time' }),
  is_enabled: Type.Boolean({ description: 'Roster extension: false once disabled (410 Gone, or 72 hours of failures)' }),
  disabled_reason: Nullable(Type.String()),
});

const createWebhook = defineRoute({
  method: 'POST',
  path: '/webhooks',
  operationId: 'CreateWebHook',
  summary: 'Create a webhook; the answer carries its signing secret, once',
  tag: 'Webhooks',
  scope: 'create:webhooks',
  schema: {
    body: Type.Object(
      { endpoint: Text(2048, 'An https:// URL'), event_types: EventTypes, name: Name, description: Type.Optional(Description) },
      { additionalProperties: false },
    ),
    response: {
      200: Type.Object({
        code: Type.String(),
        message: Type.String(),
        webhook: Type.Object({
          id: Type.String(),
          endpoint: Type.String(),
          secret: Type.String({ description: 'Roster extension: the Standard Webhooks secret (whsec_…), shown only here' }),
        }),
      }),
      400: ErrorResponse,
    },
  },
  async handle({ body, actor }, roster) {
    const { webhook, secret } = await manage.createWebhook(roster, body, actor);
    return { ...OK, webhook: { id: webhook.id, endpoint: webhook.endpoint, secret } };
  },
});

const listWebhooks = defineRoute({
  method: 'GET',
  path: '/webhooks',
  operationId: 'GetWebHooks',
  summary: 'List webhooks (never their secrets)',
  tag: 'Webhooks',
  scope: 'read:webhooks',
  schema: { response: { 200: Type.Object({ code: Type.String(), message: Type.String(), webhooks: Type.Array(Webhook) }) } },
  async handle(_input, roster) {
    return { ...OK, webhooks: await manage.listWebhooks(roster) };
  },
});

const updateWebhook = defineRoute({
  method: 'PATCH',
  path: '/webhooks/:webhook_id',
  operationId: 'UpdateWebHook',
  summary: 'Change a webhook’s event types, name or description',
  tag: 'Webhooks',
  scope: 'update:webhooks',
  schema: {
    params: Type.Object({ webhook_id: WebhookId }),
    body: Type.Object(
      { event_types: Type.Optional(EventTypes), name: Type.Optional(Name), description: Type.Optional(Description) },
      { additionalProperties: false },
    ),
    response: {
      200: Type.Object({ code: Type.String(), message: Type.String(), webhook: Type.Object({ id: Type.String() }) }),
      400: ErrorResponse,
      404: ErrorResponse,
    },
  },
  async handle({ params, body, actor }, roster) {
    await manage.updateWebhook(roster, params.webhook_id, body, actor);
    return { ...OK, webhook: { id: params.webhook_id } };
  },
});

const deleteWebhook = defineRoute({
  method: 'DELETE',
  path: '/webhooks/:webhook_id',
  operationId: 'DeleteWebHook',
  summary: 'Delete a webhook and its pending deliveries',
  tag: 'Webhooks',
  scope: 'delete:webhooks',
  schema: { params: Type.Object({ webhook_id: WebhookId }), response: { 200: SuccessResponse, 400: ErrorResponse, 404: ErrorResponse } },
  async handle({ params, actor }, roster) {
    await manage.deleteWebhook(roster, params.webhook_id, actor);
    return OK;
  },
});

const Delivery = Type.Object({
  id: Type.String(),
  event_id: Type.String(),
  event_type: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  next_attempt_on: Nullable(Type.String()),
  created_on: Type.String(),
  attempts: Type.Array(
    Type.Object({
      attempted_on: Type.String(),
      status_code: Nullable(Type.Integer()),
      duration_ms: Type.Integer(),
      error: Nullable(Type.String()),
      response_snippet: Nullable(Type.String()),
    }),
  ),
});

const listDeliveries = defineRoute({
  method: 'GET',
  path: '/webhooks/:webhook_id/deliveries',
  operationId: 'getWebhookDeliveries',
  summary: 'A webhook’s latest 50 deliveries, newest first, with every attempt',
  tag: 'Roster extensions',
  scope: 'read:webhooks',
  schema: {
    params: Type.Object({ webhook_id: WebhookId }),
    response: {
      200: Type.Object({ code: Type.String(), message: Type.String(), deliveries: Type.Array(Delivery) }),
      400: ErrorResponse,
      404: ErrorResponse,
    },
  },
  async handle({ params }, roster) {
    return { ...OK, deliveries: await manage.listDeliveries(roster, params.webhook_id) };
  },
});

const retryDelivery = defineRoute({
  method: 'POST',
  path: '/webhooks/:webhook_id/deliveries/:delivery_id/retry',
  operationId: 'retryWebhookDelivery',
  summary: 'Send one delivery again now',
  tag: 'Roster extensions',
  scope: 'update:webhooks',
  schema: {
    params: Type.Object({ webhook_id: WebhookId, delivery_id: Type.String({ pattern: '^delivery_[0-9a-f]{32}_webhook_[0-9a-f]{32}$' }) }),
    response: { 200: SuccessResponse, 400: ErrorResponse, 404: ErrorResponse },
  },
  async handle({ params }, roster) {
    await manage.retryDelivery(roster, params.webhook_id, params.delivery_id);
    return OK;
  },
});

export const webhookRoutes = [createWebhook, listWebhooks, updateWebhook, deleteWebhook, listDeliveries, retryDelivery];
