import { messageNotSent, type MessageLog, type OutgoingMessage, type Transport } from './message.js';

const TIMEOUT_MS = 10_000;

/** SMS through the operator's HTTP webhook: a POST of JSON `{to, body}`; any 2xx answer means it was taken. */
export function smsWebhookTransport(url: string, log: MessageLog): Transport {
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  shown.search = '';
  return {
    describe: shown.toString(),
    async send(message: OutgoingMessage) {
      let status: number | undefined;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ to: message.recipient, body: message.body }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        status = response.status;
        await response.body?.cancel();
      } catch (error) {
        log.warn({ err: error, to: message.recipient }, 'text message not sent');
        throw messageNotSent('sms');
      }
      if (status < 200 || status >= 300) {
        log.warn({ status, to: message.recipient }, 'text message refused by the webhook');
        throw messageNotSent('sms');
      }
    },
  };
}
