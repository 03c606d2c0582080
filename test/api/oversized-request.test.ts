import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

/** Raw HTTP, because fetch refuses to send what Node's parser will reject before Fastify sees it. */
function get(url: string, path: string): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url + path, { method: 'GET', timeout: 5_000 }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

describe(`requests refused before routing (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('a request line over 16 KB gets 431 in Kinde’s envelope', async () => {
    const answer = await get(server.url, `/api/v1/users?email=${'a'.repeat(20_000)}@example.com`);
    expect(answer.status).toBe(431);
    expect(answer.type).toContain('application/json');
    expect(JSON.parse(answer.body)).toEqual({ errors: [{ code: 'REQUEST_HEADERS_TOO_LARGE', message: expect.any(String) }] });
  });
});
