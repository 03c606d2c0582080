import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openRaw, trickle } from '../support/raw-http.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

// Small limits so each case takes about a second; the defaults are 10 s, 30 s, 600 s and 72 s.
const TIMEOUTS = { headersMs: 400, requestMs: 900, importMs: 2500, keepAliveMs: 500 };
// Node checks its limits on a beat (here 100 ms); a close is expected within the limit plus this much.
const SLACK_MS = 1000;

describe(`request timeouts on a raw socket (${ENGINE})`, () => {
  let server: TestServer;
  let port: number;
  let token: string;
  beforeAll(async () => {
    server = await startServer({ timeouts: TIMEOUTS });
    port = server.config.port;
    token = await server.token();
  });
  afterAll(async () => server?.close());

  const post = (path: string, type: string, length: number) =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\n\r\n`;

  it('headers sent a byte at a time: 408 in the envelope and closed once the headers timeout passes', async () => {
    const connection = await openRaw(port);
    void trickle(connection, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n${'X-Slow: y\r\n'.repeat(100)}\r\n`, 50);
    const after = await connection.closed(TIMEOUTS.headersMs + SLACK_MS);
    expect(after).toBeGreaterThanOrEqual(TIMEOUTS.headersMs - 50);
    expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(connection.received()).toContain('"code":"REQUEST_TIMEOUT"');
  });

  it('complete headers and no body: 408 and closed once the request timeout passes', async () => {
    const connection = await openRaw(port);
    connection.socket.write(post('/api/v1/user', 'application/json', 50));
    const after = await connection.closed(TIMEOUTS.requestMs + SLACK_MS);
    expect(after).toBeGreaterThanOrEqual(TIMEOUTS.requestMs - 50);
    expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('a body trickled a byte every 100 ms: 408 and closed once the request timeout passes, nothing written', async () => {
    const before = (await server.api('GET', '/api/v1/users')).body.users.length;
    const body = JSON.stringify({ profile: { given_name: 'Slow', family_name: 'Loris' } });
    const connection = await openRaw(port);
    connection.socket.write(post('/api/v1/user', 'application/json', body.length));
    void trickle(connection, body, 100);
    await connection.closed(TIMEOUTS.requestMs + SLACK_MS);
    expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect((await server.api('GET', '/api/v1/users')).body.users.length).toBe(before);
  });

  it('the import route has the longer import timeout: a body slower than the request timeout still arrives', async () => {
    const file = `${JSON.stringify({ email: 'slow.import@example.com' })}\n`;
    const connection = await openRaw(port);
    connection.socket.write(post('/api/v1/users/import?dry_run=true', 'application/x-ndjson', file.length));
    const everyMs = Math.ceil((TIMEOUTS.requestMs + 400) / file.length);
    await trickle(connection, file, everyMs);
    await connection.waitFor(/\r\n\r\n\{.*\}$/s, SLACK_MS);
    expect(connection.received()).toMatch(/^HTTP\/1\.1 200 /);
    connection.socket.destroy();
  });

  it('an import body that never ends: 408 once the import timeout passes', async () => {
    const connection = await openRaw(port);
    connection.socket.write(post('/api/v1/users/import', 'application/x-ndjson', 1000));
    connection.socket.write('{"email":');
    const after = await connection.closed(TIMEOUTS.importMs + SLACK_MS);
    expect(after).toBeGreaterThanOrEqual(TIMEOUTS.importMs - 50);
    expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('an idle keep-alive connection is closed once the keep-alive timeout passes', async () => {
    const connection = await openRaw(port);
    connection.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await connection.waitFor(/"status":"ok"/, SLACK_MS);
    const answeredAt = Date.now();
    await connection.closed(TIMEOUTS.keepAliveMs + 2 * SLACK_MS);
    expect(Date.now() - answeredAt).toBeGreaterThanOrEqual(TIMEOUTS.keepAliveMs - 100);
  });
});

describe('timeout settings', () => {
  it('default to 10 s headers, 30 s request, 600 s import and 72 s keep-alive', () => {
    expect(loadConfig({}, {}).timeouts).toEqual({ headersMs: 10_000, requestMs: 30_000, importMs: 600_000, keepAliveMs: 72_000 });
  });

  it('are read from the environment in seconds, flags first', () => {
    const env = { ROSTER_HEADERS_TIMEOUT_SECONDS: '2.5', ROSTER_REQUEST_TIMEOUT_SECONDS: '20', ROSTER_KEEP_ALIVE_TIMEOUT_SECONDS: '5' };
    expect(loadConfig({ importTimeout: '90', requestTimeout: '15' }, env).timeouts).toEqual({
      headersMs: 2500,
      requestMs: 15_000,
      importMs: 90_000,
      keepAliveMs: 5000,
    });
  });

  it.each([
    [{ ROSTER_REQUEST_TIMEOUT_SECONDS: '0' }, /ROSTER_REQUEST_TIMEOUT_SECONDS must be/],
    [{ ROSTER_HEADERS_TIMEOUT_SECONDS: 'ten' }, /ROSTER_HEADERS_TIMEOUT_SECONDS must be/],
    [{ ROSTER_IMPORT_TIMEOUT_SECONDS: '-1' }, /ROSTER_IMPORT_TIMEOUT_SECONDS must be/],
    [{ ROSTER_HEADERS_TIMEOUT_SECONDS: '40' }, /headers timeout must not exceed the request timeout/],
  ])('refuse %j', (env, message) => {
    expect(() => loadConfig({}, env)).toThrow(message);
  });
});
