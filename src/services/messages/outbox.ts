import { timeOrderedHex } from '../../domain/ids.js';
import { insertOutboxMessage, listOutbox } from '../../store/outbox.js';
import type { OutboxRow } from '../../store/schema.js';
import type { Roster } from '../context.js';
import type { MessageLog, OutgoingMessage, Transport } from './message.js';

/**
 * With no SMTP server or SMS webhook configured, messages are kept in the database and written to the log, so a
 * developer can sign in with nothing but `npm start` (and read codes with `roster outbox`).
 */
export function outboxTransport(roster: Roster, log: MessageLog): Transport {
  return {
    describe: 'outbox',
    async send(message: OutgoingMessage) {
      const now = new Date();
      const row: OutboxRow = { id: `message_${timeOrderedHex(now.getTime())}`, ...message, created_on: now.toISOString() };
      await insertOutboxMessage(roster.database.db, row);
      log.info(
        { channel: message.channel, to: message.recipient, subject: message.subject, body: message.body },
        'message kept in the outbox (no transport configured)',
      );
    },
  };
}

export const listOutboxMessages = (roster: Roster, limit?: number): Promise<OutboxRow[]> => listOutbox(roster.database.db, limit);
