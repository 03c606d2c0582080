import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message: headers, a blank line, the body. */
  raw: string;
}

export interface MailServer {
  url: string;
  received: ReceivedMail[];
  /** Resolves with the first mail to `to` (already received or still to come), or rejects after `timeoutMs`. */
  mailTo(to: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 that accepts any login and keeps what it is sent. */
export async function startMailServer(options: { refuse?: boolean } = {}): Promise<MailServer> {
  const received: ReceivedMail[] = [];
  const waiting: { to: string; resolve: (mail: ReceivedMail) => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onAuth: (_auth, _session, callback) => callback(null, { user: 'test' }),
    onRcptTo: (address, _session, callback) =>
      callback(options.refuse ? Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }) : undefined),
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        };
        received.push(mail);
        for (const w of waiting.splice(0)) {
          if (mail.to.includes(w.to)) w.resolve(mail);
          else waiting.push(w);
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server.server as Server).address() as AddressInfo;
  return {
    url: `smtp://user:secret@127.0.0.1:${port}`,
    received,
    mailTo: (to, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const found = received.find((m) => m.to.includes(to));
        if (found) return resolve(found);
        const timer = setTimeout(() => reject(new Error(`no mail to ${to} within ${timeoutMs} ms`)), timeoutMs);
        waiting.push({ to, resolve: (mail) => (clearTimeout(timer), resolve(mail)) });
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The body of a plain-text mail, unfolded from quoted-printable if it was encoded so. */
export function mailBody(mail: ReceivedMail): string {
  const at = mail.raw.indexOf('\r\n\r\n');
  const headers = mail.raw.slice(0, at);
  const body = mail.raw.slice(at + 4);
  if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) {
    return body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return body;
}

export interface SmsRequest {
  contentType: string | undefined;
  body: { to: string; body: string };
}

export interface SmsWebhook {
  url: string;
  received: SmsRequest[];
  close(): Promise<void>;
}

/** A real node:http server standing in for an SMS provider's webhook; answers `status` to every POST. */
export async function startSmsWebhook(status = 202): Promise<SmsWebhook> {
  const received: SmsRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        received.push({ contentType: request.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        // Not JSON: recorded nowhere, so the test sees nothing arrived.
      }
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
