import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeWebhook } from '@kinde/webhooks';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import { createApplication } from '../../src/services/applications.js';
import { Dispatcher } from '../../src/services/webhooks/dispatcher.js';
import { enableWebhook } from '../../src/services/webhooks/manage.js';
import { addIdentity, createUser } from '../support/factories.js';
import { kindeManagement } from '../support/kinde-management.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real receiver on 127.0.0.1 that answers each request with the next status of `statuses` (then 200). */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.statusCode = statuses.shift() ?? 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe(`webhooks (${ENGINE})`, () => {
  let server: TestServer;
  let strict: TestServer;
  let clock = new Date();
  let dispatcher: Dispatcher;
  beforeAll(async () => {
    server = await startServer({ webhooksAllowPrivate: true });
    strict = await startServer();
    dispatcher = new Dispatcher(server.roster, { now: () => clock, timeoutMs: 2_000 });
  });
  afterAll(async () => {
    await server?.close();
    await strict?.close();
  });

  const create = (target: TestServer, body: Record<string, unknown>) => target.api('POST', '/api/v1/webhooks', body);

  it('@kinde/management-api-js creates, lists, updates and deletes webhooks; the secret is shown once', async () => {
    const app = await createApplication(server.roster, {
      type: 'm2m',
      name: 'Webhook admin',
      scopes: 'create:webhooks read:webhooks update:webhooks delete:webhooks',
    });
    kindeManagement.init({
      kindeDomain: server.url,
      clientId: app.client_id,
      clientSecret: app.client_secret,
      audience: `${server.url}/api`,
    });
    kindeManagement.setToken('');
    const { Webhooks } = kindeManagement;
    const created = await Webhooks.createWebHook({
      requestBody: { endpoint: 'https://hooks.example.com/in', event_types: ['user.created'], name: 'CRM' },
    });
    const id = created.webhook!.id!;
    expect((created.webhook as { secret?: string }).secret).toMatch(/^whsec_/);
    await Webhooks.updateWebHook({ webhookId: id, requestBody: { event_types: ['user.created', 'identity.created'], name: 'CRM sync' } });
    const listed = await Webhooks.getWebHooks();
    expect(listed.webhooks).toEqual([expect.objectContaining({ id, name: 'CRM sync', event_types: ['user.created', 'identity.created'] })]);
    expect(JSON.stringify(listed)).not.toContain('whsec_');
    await Webhooks.deleteWebHook({ webhookId: id });
    expect((await Webhooks.getWebHooks()).webhooks).toEqual([]);
    const log = await server.api('GET', '/api/v1/events?type=webhook.');
    expect(log.body.events.map((e: { type: string }) => e.type)).toEqual(['webhook.deleted', 'webhook.updated', 'webhook.created']);
  });

  it('refuses bad input in Kinde’s envelope and writes nothing', async () => {
    const cases: [TestServer, Record<string, unknown>, string][] = [
      [strict, { endpoint: 'http://hooks.example.com/', event_types: ['user.created'], name: 'n' }, 'INVALID_ENDPOINT'],
      [strict, { endpoint: 'https://127.0.0.1/', event_types: ['user.created'], name: 'n' }, 'INVALID_ENDPOINT'],
      [strict, { endpoint: 'https://169.254.169.254/latest/meta-data', event_types: ['user.created'], name: 'n' }, 'INVALID_ENDPOINT'],
      [strict, { endpoint: 'https://localhost/', event_types: ['user.created'], name: 'n' }, 'INVALID_ENDPOINT'],
      [strict, { endpoint: 'https://[::1]/', event_types: ['user.created'], name: 'n' }, 'INVALID_ENDPOINT'],
      [strict, { endpoint: 'not a url', event_types: ['user.created'], name: 'n' }, 'INVALID_ENDPOINT'],
      [server, { endpoint: 'https://hooks.example.com/', event_types: ['user.exploded'], name: 'n' }, 'INVALID_EVENT_TYPE'],
      [server, { endpoint: 'https://hooks.example.com/', event_types: [], name: 'n' }, 'INVALID_EVENT_TYPE'],
    ];
    for (const [target, body, code] of cases) {
      const response = await create(target, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.errors[0].code, JSON.stringify(body)).toBe(code);
    }
    const tooLong = await create(server, { endpoint: 'https://hooks.example.com/', event_types: ['user.created'], name: 'x'.repeat(256) });
    expect(tooLong.status).toBe(400);
    expect((await server.api('GET', '/api/v1/webhooks')).body.webhooks).toEqual([]);
    const unknown = `webhook_${'0'.repeat(32)}`;
    expect((await server.api('PATCH', `/api/v1/webhooks/${unknown}`, { name: 'x' })).body.errors[0].code).toBe('WEBHOOK_NOT_FOUND');
    expect((await server.api('DELETE', `/api/v1/webhooks/${unknown}`)).status).toBe(404);
  });

  it('delivers user.created and the identity events as JWTs that @kinde/webhooks and standardwebhooks verify; a failure is retried with the same webhook-id', async () => {
    const target = await receiver([500]);
    try {
      const made = await create(server, {
        endpoint: target.url,
        name: 'Receiver',
        event_types: ['user.created', 'identity.created', 'identity.primary_changed', 'identity.deleted', 'identity.confirmed'],
      });
      expect(made.status, JSON.stringify(made.body)).toBe(200);
      const secret = made.body.webhook.secret as string;
      const userId = await createUser(server, { email: 'hooked@example.com' });
      const second = await addIdentity(server, userId, { type: 'email', value: 'Second@Example.com' });
      expect((await server.api('PATCH', `/api/v1/identities/${second}`, { is_primary: true })).status).toBe(200);
      const [first] = (await server.api('GET', `/api/v1/users/${userId}/identities`)).body.identities as { id: string }[];
      expect((await server.api('DELETE', `/api/v1/identities/${first!.id}`)).status).toBe(200);

      clock = new Date();
      expect(await dispatcher.runOnce()).toBe(5);
      expect(target.received).toHaveLength(5);
      // One of the five met the 500: nothing more is due until 5 s have passed.
      expect(await dispatcher.runOnce()).toBe(0);
      clock = new Date(clock.getTime() + 5_500);
      expect(await dispatcher.runOnce()).toBe(1);
      expect(target.received).toHaveLength(6);
      expect(target.received[5]!.headers['webhook-id']).toBe(target.received[0]!.headers['webhook-id']);

      const verifier = new Webhook(secret);
      const delivered = target.received.slice(1);
      const events = [];
      for (const { headers, body } of delivered) {
        expect(headers['content-type']).toBe('application/jwt');
        // The library's own signature over id.timestamp.body; its verify() would also JSON-parse the (JWT) body.
        const id = headers['webhook-id'] as string;
        const expected = verifier.sign(id, new Date(Number(headers['webhook-timestamp']) * 1000), body);
        expect(headers['webhook-signature']).toBe(expected);
        const decoded = await decodeWebhook<{ type: string; event_id: string; source: string; data: Record<string, any> }>(
          body,
          server.url,
        );
        expect(decoded, 'decodeWebhook verified the JWT').not.toBeNull();
        expect(decoded!.event_id).toBe(headers['webhook-id']);
        events.push(decoded!);
      }
      expect(events.map((e) => e.type).sort()).toEqual([
        'identity.created',
        'identity.created',
        'identity.deleted',
        'identity.primary_changed',
        'user.created',
      ]);
      const user = events.find((e) => e.type === 'user.created')!;
      expect(user).toMatchObject({ source: 'api', data: { user: { id: userId, email: 'Second@Example.com', organizations: [] } } });
      const primary = events.find((e) => e.type === 'identity.primary_changed')!;
      expect(primary.data).toMatchObject({
        identity: { id: second, type: 'email', value: 'Second@Example.com', is_primary: true, user_id: userId },
      });
      // A body changed in transit fails both checks.
      const forged = delivered[0]!.body.replace(/\.[^.]+\./, '.eyJ0eXBlIjoidXNlci5kZWxldGVkIn0.');
      expect(await decodeWebhook(forged, server.url)).toBeNull();
      expect(() => verifier.verify(forged, delivered[0]!.headers as Record<string, string>)).toThrow(WebhookVerificationError);
      await server.api('DELETE', `/api/v1/webhooks/${made.body.webhook.id}`);
    } finally {
      await target.close();
    }
  });

  it('a 410 Gone disables the webhook at once, and the log records it', async () => {
    const target = await receiver([410]);
    try {
      const made = await create(server, { endpoint: target.url, name: 'Gone', event_types: ['user.created'] });
      await createUser(server, { email: 'gone@example.com' });
      clock = new Date(Date.now() + 60_000);
      expect(await dispatcher.runOnce()).toBe(1);
      const [hook] = (await server.api('GET', '/api/v1/webhooks')).body.webhooks;
      expect(hook).toMatchObject({ id: made.body.webhook.id, is_enabled: false, disabled_reason: expect.stringContaining('410') });
      const log = await server.api('GET', '/api/v1/events?type=webhook.disabled');
      expect(log.body.events[0]).toMatchObject({
        actor: { type: 'system' },
        source: 'system',
        data: { webhook: { id: made.body.webhook.id } },
      });
      // Disabled: the next event makes no delivery.
      await createUser(server, { email: 'gone-again@example.com' });
      expect(await dispatcher.runOnce()).toBe(0);

      // Every attempt is listed; re-enabled, and one delivery retried, it is sent again.
      const listed = await server.api('GET', `/api/v1/webhooks/${made.body.webhook.id}/deliveries`);
      expect(listed.body.deliveries).toEqual([
        expect.objectContaining({
          event_type: 'user.created',
          status: 'failed',
          attempts: [expect.objectContaining({ status_code: 410 })],
        }),
      ]);
      await enableWebhook(server.roster, made.body.webhook.id, CLI_ACTOR);
      const deliveryId = listed.body.deliveries[0].id as string;
      expect((await server.api('POST', `/api/v1/webhooks/${made.body.webhook.id}/deliveries/${deliveryId}/retry`)).status).toBe(200);
      clock = new Date(Date.now() + 120_000);
      expect(await dispatcher.runOnce()).toBe(1);
      const again = await server.api('GET', `/api/v1/webhooks/${made.body.webhook.id}/deliveries`);
      expect(again.body.deliveries[0]).toMatchObject({ status: 'delivered', attempts: [{ status_code: 410 }, { status_code: 200 }] });
      expect(target.received[1]!.headers['webhook-id']).toBe(target.received[0]!.headers['webhook-id']);
      const unknown = `delivery_${'0'.repeat(32)}_${made.body.webhook.id}`;
      expect((await server.api('POST', `/api/v1/webhooks/${made.body.webhook.id}/deliveries/${unknown}/retry`)).status).toBe(404);
    } finally {
      await target.close();
    }
  });
});
