import { createReadStream, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseImport } from '../../src/services/import/formats/index.js';
import type { ImportFormatName, ParsedRow, ParseOptions } from '../../src/services/import/record.js';
import { chunks, collect } from './format-support.js';

const USERS = 200_000;
/** A JSON document is tokenised byte by byte, several times slower than lines: fewer users keep the test quick. */
const JSON_USERS = 50_000;
const LINES_PER_CHUNK = 500;
/** Measured growth stays flat at 15-40 MB (garbage awaiting collection); keeping 200,000 rows would take well over 100 MB. */
const HEAP_GROWTH_LIMIT = 64 * 1024 * 1024;

async function* generated(render: (n: number) => string, prefix = '', suffix = '', users = USERS): AsyncGenerator<Buffer> {
  yield Buffer.from(prefix);
  for (let start = 1; start <= users; start += LINES_PER_CHUNK) {
    let chunk = '';
    for (let n = start; n < start + LINES_PER_CHUNK && n <= users; n += 1) chunk += render(n);
    yield Buffer.from(chunk);
  }
  yield Buffer.from(suffix);
}

/** Counts the rows and the highest heap use seen while reading them; a reader that kept rows would pass the limit. */
async function measure(rows: AsyncIterable<ParsedRow>): Promise<{ ok: number; last: number; heapGrowth: number }> {
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let ok = 0;
  let last = 0;
  for await (const row of rows) {
    if (row.ok) ok += 1;
    last = row.ok ? row.user.row : row.row;
    if (last % 5_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  return { ok, last, heapGrowth: peak - baseline };
}

const ndjsonLine = (n: number) =>
  `${JSON.stringify({
    id: `ext-${n}`,
    first_name: 'Ann',
    last_name: `Smith ${n}`,
    identities: [{ type: 'email', identity: `user${n}@example.com`, is_verified: true }],
    password: { hashed_password: '$2b$10$abcdefghijklmnopqrstuu5Fz0eSVKxHnRkL1BtVNi1bAD3mcx5vS', hashing_algorithm: 'bcrypt' },
  })}\n`;

// Generous timeouts: the shared test machines are often busy; unloaded, each takes 1-3 s.
describe('streaming with bounded memory', { timeout: 60_000 }, () => {
  test(`${USERS} NDJSON lines`, async () => {
    const result = await measure(parseImport(generated(ndjsonLine), 'kinde-ndjson'));
    expect({ ok: result.ok, last: result.last }).toStrictEqual({ ok: USERS, last: USERS });
    expect(result.heapGrowth).toBeLessThan(HEAP_GROWTH_LIMIT);
  });

  test(`${USERS} CSV rows`, async () => {
    const header = 'id,email,first_name,last_name,email_verified,hashed_password,hashing_method\r\n';
    const row = (n: number) =>
      `ext-${n},user${n}@example.com,Ann,"Smith, ${n}",TRUE,$2b$10$abcdefghijklmnopqrstuu5Fz0eSVKxHnRkL1BtVNi1bAD3mcx5vS,bcrypt\r\n`;
    const result = await measure(parseImport(generated(row, header), 'kinde-csv'));
    expect({ ok: result.ok, last: result.last }).toStrictEqual({ ok: USERS, last: USERS });
    expect(result.heapGrowth).toBeLessThan(HEAP_GROWTH_LIMIT);
  });

  test(`${JSON_USERS} Firebase users in one JSON document`, async () => {
    const user = (n: number) =>
      `${n === 1 ? '' : ','}${JSON.stringify({
        localId: `fb-${n}`,
        email: `user${n}@example.com`,
        emailVerified: true,
        displayName: `Ann Smith${n}`,
        providerUserInfo: [{ providerId: 'password', rawId: `user${n}@example.com` }],
      })}\n`;
    const result = await measure(parseImport(generated(user, '{"users":[\n', ']}\n', JSON_USERS), 'firebase'));
    expect({ ok: result.ok, last: result.last }).toStrictEqual({ ok: JSON_USERS, last: JSON_USERS });
    expect(result.heapGrowth).toBeLessThan(HEAP_GROWTH_LIMIT);
  });
});

const FIXTURES: [string, ImportFormatName, ParseOptions][] = [
  ['kinde-users.csv', 'kinde-csv', {}],
  ['kinde-users.ndjson', 'kinde-ndjson', {}],
  ['auth0-users.ndjson', 'auth0', {}],
  ['auth0-users.json', 'auth0', {}],
  ['firebase-users.json', 'firebase', { firebaseHashConfig: { signerKey: 'k', saltSeparator: 's', rounds: 8, memCost: 14 } }],
];

describe('chunk boundaries', () => {
  test.each(FIXTURES)('%s read one byte at a time gives the same rows as read whole', async (name, format, options) => {
    const bytes = readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url));
    const whole = await collect(parseImport(chunks(bytes), format, options));
    async function* byteByByte(): AsyncGenerator<Buffer> {
      for (let i = 0; i < bytes.length; i += 1) yield bytes.subarray(i, i + 1);
    }
    expect(await collect(parseImport(byteByByte(), format, options))).toStrictEqual(whole);
    expect(whole.length).toBeGreaterThan(3);
  });

  test('strings and Uint8Arrays are accepted as chunks too', async () => {
    const text = '{"id":"a","identities":[{"type":"email","identity":"é@example.com"}]}\n';
    const fromString = await collect(parseImport(chunks(text), 'kinde-ndjson'));
    const fromBytes = await collect(parseImport(chunks(new Uint8Array(Buffer.from(text)) as Buffer), 'kinde-ndjson'));
    expect(fromBytes).toStrictEqual(fromString);
    expect(fromString).toHaveLength(1);
  });
});

describe('stopping early', () => {
  test.each(FIXTURES)('%s: breaking out of the loop closes the file stream', async (name, format, options) => {
    const stream = createReadStream(new URL(`../fixtures/import/${name}`, import.meta.url), { highWaterMark: 64 });
    for await (const row of parseImport(stream, format, options)) {
      expect(row).toBeDefined();
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.destroyed).toBe(true);
  });
});
