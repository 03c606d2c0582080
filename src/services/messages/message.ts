import { RosterError } from '../../domain/errors.js';

export type Channel = 'email' | 'sms';

export interface OutgoingMessage {
  channel: Channel;
  /** An email address, or a phone number in E.164. */
  recipient: string;
  /** Emails only; SMS messages have none (empty). */
  subject: string;
  body: string;
}

/** Carries messages of one channel. */
export interface Transport {
  /** Where messages go, for the start-up log: `smtp://host:port`, a webhook URL without credentials, `outbox`. */
  readonly describe: string;
  send(message: OutgoingMessage): Promise<void>;
}

/** Where a service reports what it did without knowing about HTTP (Fastify's logger and `console` both fit). */
export interface MessageLog {
  info(details: object, text: string): void;
  warn(details: object, text: string): void;
}

/** The message could not be handed over; the person is told to try again, and nothing else was changed. */
export const messageNotSent = (channel: Channel) =>
  new RosterError(
    502,
    'MESSAGE_NOT_SENT',
    channel === 'email'
      ? 'We could not send the email just now. Try again in a moment.'
      : 'We could not send the text message just now. Try again in a moment.',
  );
