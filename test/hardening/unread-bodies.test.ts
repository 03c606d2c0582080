import { request as httpRequest, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRaw } from '../support/raw-http.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

const MiB = 1024 * 1024;

/** Uploads the import route refuses: once part-way through their body, now after keeping the whole (bounded) upload aside. */
const REFUSED_MID_BODY: [string, string, string][] = [
  ['an NDJSON line of 2 MB', 'application/x-ndjson', `{"email":"${'a'.repeat(2 * MiB)}"}\n`],
  ['a 3 MB CSV whose header names a column twice', 'text/csv', `email,email\n${'x@example.com,y@example.com\n'.repeat((3 * MiB) / 27)}`],
];

/**
 * A refused upload must not leave the connection stuck behind an unread rest: either its body was read and the
 * connection answers the next request, or the answer says `Connection: close` and the server closes it.
 */
describe(`a keep-alive connection after an upload refused mid-body (${ENGINE})`, () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startServer();
    token = await server.token();
  });
  afterAll(async () => server?.close());

  it.each(REFUSED_MID_BODY)(
    '%s: 400, then the next request on the connection is answered or the connection is closed',
    async (_name, type, body) => {
      const connection = await openRaw(server.config.port);
      const head = `POST /api/v1/users/import HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
      connection.socket.write(head);
      connection.socket.write(body);
      // The next request on the same connection, as a keep-alive client would send it.
      connection.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      const answered = connection.waitFor(/"status":"ok"/, 10_000);
      await Promise.race([answered, connection.closed(10_000)]).catch(() => undefined);
      answered.catch(() => undefined);
      const answer = connection.received();
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      const served = /"status":"ok"/.test(answer);
      expect(served || /\r\nconnection: close\r\n/i.test(answer), answer.slice(0, 300)).toBe(true);
      connection.socket.destroy();
    },
  );

  it.each(REFUSED_MID_BODY)('%s: a keep-alive client answered next time all the same', async (_name, type, body) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, headers: Record<string, string>, payload?: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const request = httpRequest(`${server.url}${path}`, { method, headers, agent, timeout: 10_000 }, (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, text }));
        });
        request.on('timeout', () => request.destroy(new Error(`${method} ${path} got no answer in 10 s`)));
        request.on('error', reject);
        request.end(payload);
      });
    try {
      const refused = await send('POST', '/api/v1/users/import', { authorization: `Bearer ${token}`, 'content-type': type }, body);
      expect(refused.status).toBe(400);
      const next = await send('GET', '/healthz', {});
      expect(next).toEqual({ status: 200, text: '{"status":"ok"}' });
    } finally {
      agent.destroy();
    }
  });

  it('a request whose body was read keeps its connection open', async () => {
    const connection = await openRaw(server.config.port);
    const body = JSON.stringify({ profile: { given_name: 'Kept' } });
    connection.socket.write(
      `POST /api/v1/user HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    connection.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const both = await connection.waitFor(/"status":"ok"/, 5000);
    expect(both).toMatch(/^HTTP\/1\.1 200 /);
    expect(both).not.toMatch(/connection: close/i);
    connection.socket.destroy();
  });
});
