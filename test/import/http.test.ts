import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_BODY_LIMIT } from '../../src/http/management/import.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';
import { fixture, integrity } from './support.js';

const NDJSON = readFileSync(fixture('report-kinde.ndjson'));
const CSV = readFileSync(fixture('report-kinde.csv'));

describe(`POST /api/v1/users/import (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const post = async (query: string, init: { body?: BodyInit; contentType?: string }, scopes = 'create:users') => {
    const headers: Record<string, string> = { authorization: `Bearer ${await server.token(scopes)}` };
    if (init.contentType) headers['content-type'] = init.contentType;
    const response = await fetch(`${server.url}/api/v1/users/import${query}`, { method: 'POST', headers, body: init.body });
    return { status: response.status, body: await response.json() };
  };
  const upload = (content: Buffer, name: string, format?: string) => {
    const form = new FormData();
    if (format) form.append('format', format);
    form.append('file', new Blob([new Uint8Array(content)]), name);
    return form;
  };

  it('dry run of a multipart upload: the report, and nothing written', async () => {
    const sent = await post('?dry_run=true', { body: upload(CSV, 'users.csv') });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ format: 'kinde-csv', dry_run: true, counts: { read: 11, imported: 5, invalid: 3, duplicates: 3 } });
    expect(sent.body.duplicates[0]).toEqual({ row: 2, field: 'email', reason: 'The same email as row 1', duplicate_of_row: 1 });
    expect((await integrity(server.roster.database.db)).users).toBe(0);
  });

  it('imports an NDJSON body, then skips all of it the second time', async () => {
    const first = await post('', { body: new Uint8Array(NDJSON), contentType: 'application/x-ndjson' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      format: 'kinde-ndjson',
      dry_run: false,
      counts: { read: 10, imported: 5, invalid: 2, duplicates: 3 },
    });
    expect(await integrity(server.roster.database.db)).toMatchObject({ users: 5, usersWithoutIdentities: 0, duplicateKeys: 0 });
    const again = await post('', { body: new Uint8Array(NDJSON), contentType: 'application/x-ndjson' });
    expect(again.body.counts).toMatchObject({ imported: 0, skipped_existing: 5 });
    expect((await integrity(server.roster.database.db)).users).toBe(5);
  });

  it('takes the format from the multipart field', async () => {
    const sent = await post('?dry_run=true', { body: upload(CSV, 'users.txt', 'kinde-csv') });
    expect(sent.status).toBe(200);
    expect(sent.body.format).toBe('kinde-csv');
  });

  it.each([
    ['no body', '', {}, 'INVALID_REQUEST'],
    ['an empty NDJSON body', '', { body: '', contentType: 'application/x-ndjson' }, 'EMPTY_IMPORT'],
    ['an unknown format', '?format=excel', { body: new Uint8Array(NDJSON), contentType: 'application/x-ndjson' }, 'INVALID_REQUEST'],
    ['an unknown multipart format', '', { body: upload(CSV, 'users.csv', 'excel') }, 'INVALID_IMPORT_FORMAT'],
    ['a file that is no known format', '', { body: upload(Buffer.from('hello\nworld\n'), 'notes.txt') }, 'UNKNOWN_IMPORT_FORMAT'],
    ['a JSON body', '', { body: '{"users":[]}', contentType: 'application/json' }, 'INVALID_REQUEST'],
  ])('refuses %s with 400 in Kinde’s envelope', async (_label, query, init, code) => {
    const sent = await post(query, init as { body?: BodyInit; contentType?: string });
    expect(sent.status, JSON.stringify(sent.body)).toBe(400);
    expect(sent.body.errors[0].code).toBe(code);
  });

  describe('a refused upload writes nothing', () => {
    // Generated here: valid rows until the file is just over the 49 MB limit.
    const overLimit = (line: (i: number) => string) => {
      const lines: string[] = [];
      let size = 0;
      for (let i = 0; size <= IMPORT_BODY_LIMIT + 1024 * 1024; i++) {
        lines.push(line(i));
        size += Buffer.byteLength(lines.at(-1)!) + 1;
      }
      return Buffer.from(`${lines.join('\n')}\n`);
    };
    const users = async () => (await integrity(server.roster.database.db)).users;
    const ndjsonRow = (i: number) => JSON.stringify({ id: `big-${i}`, email: `big${i}@example.com`, first_name: 'Big'.padEnd(400, 'g') });

    it("an NDJSON body over the limit is 413 in Kinde's envelope", async () => {
      const before = await users();
      const sent = await post('', { body: new Uint8Array(overLimit(ndjsonRow)), contentType: 'application/x-ndjson' });
      expect(sent.status).toBe(413);
      expect(sent.body.errors[0].code).toBe('REQUEST_TOO_LARGE');
      expect(await users()).toBe(before);
    });

    it('a multipart file over the limit is 413, not cut short', async () => {
      const before = await users();
      const sent = await post('', { body: upload(overLimit(ndjsonRow), 'users.ndjson', 'kinde-ndjson') });
      expect(sent.status).toBe(413);
      expect(sent.body.errors[0].code).toBe('REQUEST_TOO_LARGE');
      expect(await users()).toBe(before);
    });

    it('a CSV that stops parsing after 12,000 good rows is 400', async () => {
      const rows = Array.from({ length: 12_000 }, (_, i) => `q-${i},q${i}@example.com,Q,R`);
      const csv = Buffer.from(['id,email,first_name,last_name', ...rows, 'q-x,"unbalanced@example.com,Q,R', ''].join('\n'));
      const before = await users();
      const sent = await post('', { body: new Uint8Array(csv), contentType: 'text/csv' });
      expect(sent.status, JSON.stringify(sent.body)).toBe(400);
      expect(await users()).toBe(before);
    });
  });

  it('needs create:users', async () => {
    const sent = await post('', { body: new Uint8Array(NDJSON), contentType: 'application/x-ndjson' }, 'read:users');
    expect(sent.status).toBe(403);
    expect(sent.body.errors[0].code).toBe('INSUFFICIENT_SCOPE');
  });

  it('is in the OpenAPI document as a Roster extension', async () => {
    const document = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    const operation = document.paths['/api/v1/users/import'].post;
    expect(operation).toMatchObject({ operationId: 'importUsers', tags: ['Roster extensions'] });
  });

  it('keeps the ordinary 1 MB body limit on the other routes', async () => {
    const big = JSON.stringify({ profile: { given_name: 'x'.repeat(2 * 1024 * 1024) } });
    const response = await fetch(`${server.url}/api/v1/user`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await server.token()}`, 'content-type': 'application/json' },
      body: big,
    });
    expect(response.status).toBe(413);
  });
});
