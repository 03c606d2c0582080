import nodemailer from 'nodemailer';
import { messageNotSent, type MessageLog, type OutgoingMessage, type Transport } from './message.js';

/** Email through an SMTP server given as a URL (`smtp://user:pass@host:587`, `smtps://…:465`). */
export function smtpTransport(url: string, from: string, log: MessageLog): Transport {
  const mailer = nodemailer.createTransport(url, { from });
  const { protocol, host } = new URL(url);
  return {
    describe: `${protocol}//${host}`,
    async send(message: OutgoingMessage) {
      try {
        await mailer.sendMail({ to: message.recipient, subject: message.subject, text: message.body });
      } catch (error) {
        log.warn({ err: error, to: message.recipient }, 'email not sent');
        throw messageNotSent('email');
      }
    },
  };
}
