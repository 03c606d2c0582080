import { connect, type Socket } from 'node:net';

/** A raw TCP connection to a test server: what it has received so far, and when the server closed it. */
export interface RawConnection {
  socket: Socket;
  received(): string;
  /** Milliseconds from connecting until the server closed the connection; rejects after `limitMs`. */
  closed(limitMs: number): Promise<number>;
  /** Resolves once the received text matches, or rejects after `limitMs`. */
  waitFor(pattern: RegExp, limitMs: number): Promise<string>;
}

export async function openRaw(port: number): Promise<RawConnection> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const started = Date.now();
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => {
    // A reset by the server is one way of closing; `closed` reports it.
  });
  const closedAt = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - started)));
  const within = <T>(promise: Promise<T>, limitMs: number, what: string) =>
    Promise.race([
      promise,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} within ${limitMs} ms; received: ${text}`)), limitMs)),
    ]);
  return {
    socket,
    received: () => text,
    closed: (limitMs) => within(closedAt, limitMs, 'the server did not close the connection'),
    waitFor: (pattern, limitMs) =>
      within(
        new Promise<string>((resolve) => {
          const check = () => (pattern.test(text) ? (socket.off('data', check), resolve(text)) : undefined);
          socket.on('data', check);
          check();
        }),
        limitMs,
        `no ${pattern}`,
      ),
  };
}

/** Writes `text` one byte every `everyMs`, stopping when the connection closes or after `maxBytes`. */
export async function trickle(connection: RawConnection, text: string, everyMs: number, maxBytes = text.length): Promise<void> {
  for (const byte of text.slice(0, maxBytes)) {
    if (connection.socket.destroyed || connection.socket.writableEnded) return;
    connection.socket.write(byte);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
