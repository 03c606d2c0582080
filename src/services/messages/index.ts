import type { Roster } from '../context.js';
import type { Channel, MessageLog, OutgoingMessage, Transport } from './message.js';
import { outboxTransport } from './outbox.js';
import { smsWebhookTransport } from './sms-webhook.js';
import { smtpTransport } from './smtp.js';

export type { Channel, MessageLog, OutgoingMessage, Transport } from './message.js';

/** Sends each message on the transport configured for its channel. */
export interface Messenger {
  send(message: OutgoingMessage): Promise<void>;
  transports: Record<Channel, Transport>;
}

export function createMessenger(roster: Roster, log: MessageLog): Messenger {
  const { smtpUrl, smtpFrom, smsWebhookUrl } = roster.config;
  const outbox = outboxTransport(roster, log);
  const transports: Record<Channel, Transport> = {
    email: smtpUrl ? smtpTransport(smtpUrl, smtpFrom, log) : outbox,
    sms: smsWebhookUrl ? smsWebhookTransport(smsWebhookUrl, log) : outbox,
  };
  return { transports, send: (message) => transports[message.channel].send(message) };
}
