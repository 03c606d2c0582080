import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addIdentity, createUser } from '../support/factories.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

// Races over real HTTP: many requests in flight at once, then the database is read directly. The rules must hold
// because of locks and constraints, not because the requests happened to arrive one at a time.

const IN_FLIGHT = 50;
const REQUEST_TIMEOUT_MS = 20_000;

interface Answer {
  status: number;
  code: string | undefined;
  contentType: string | null;
}

/** Sends every request at once and waits for all the answers (each bounded in time). */
async function race(server: TestServer, requests: { method: string; path: string; body?: unknown }[]): Promise<Answer[]> {
  const authorization = `Bearer ${await server.token()}`;
  return Promise.all(
    requests.map(async ({ method, path, body }) => {
      const response = await fetch(server.url + path, {
        method,
        headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const parsed = (await response.json()) as { errors?: { code: string }[] };
      return { status: response.status, code: parsed.errors?.[0]?.code, contentType: response.headers.get('content-type') };
    }),
  );
}

/** How many answers had each `status code` (code omitted on success). */
function tally(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const key = a.code ? `${a.status} ${a.code}` : String(a.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** `RosyRose` in `count` distinct spellings of case, the three obvious ones first. */
function caseVariants(word: string, count: number): string[] {
  const variants = new Set([word, word.toLowerCase(), word.toUpperCase()]);
  for (let mask = 0; variants.size < count && mask < 2 ** word.length; mask++) {
    variants.add([...word].map((ch, i) => ((mask >> i) & 1 ? ch.toUpperCase() : ch.toLowerCase())).join(''));
  }
  return [...variants].slice(0, count);
}

describe(`concurrent writes over HTTP (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const db = () => server.roster.database.db;

  const primariesByType = async (userId: string) => {
    const rows = await db().selectFrom('identities').select(['type', 'is_primary']).where('user_id', '=', userId).execute();
    const byType: Record<string, number> = {};
    for (const row of rows) byType[row.type] = (byType[row.type] ?? 0) + row.is_primary;
    return byType;
  };

  it('50 users adding 50 case variants of one username at once: one 201, 49 × 409, one row', async () => {
    const userIds: string[] = [];
    for (let i = 0; i < IN_FLIGHT; i++) userIds.push(await createUser(server, { email: `racer${i}@example.com` }));
    const variants = caseVariants('RosyRose', IN_FLIGHT);
    expect(new Set(variants).size).toBe(IN_FLIGHT);

    const answers = await race(
      server,
      userIds.map((id, i) => ({ method: 'POST', path: `/api/v1/users/${id}/identities`, body: { type: 'username', value: variants[i] } })),
    );

    expect(tally(answers)).toEqual({ '201': 1, '409 IDENTITY_ALREADY_EXISTS': IN_FLIGHT - 1 });
    for (const a of answers) expect(a.contentType).toContain('application/json');
    const stored = await db()
      .selectFrom('identities')
      .select(['user_id', 'name'])
      .where('type', '=', 'username')
      .where('lookup_key', '=', 'rosyrose')
      .execute();
    expect(stored).toHaveLength(1);
    const winner = answers.findIndex((a) => a.status === 201);
    expect(stored[0]).toEqual({ user_id: userIds[winner], name: variants[winner] });
    const added = await db()
      .selectFrom('audit_events')
      .select('id')
      .where('type', '=', 'identity.created')
      .where('user_id', 'in', userIds)
      .where('data', 'like', '%"username"%')
      .execute();
    expect(added).toHaveLength(1);
  });

  it('50 make-primary calls across 30 identities of one user: all 200, then exactly one primary per type', async () => {
    const userId = await createUser(server, { email: 'multi0@example.com', username: 'multi_0', phone: '+61412345100' });
    for (let i = 1; i < 10; i++) {
      await addIdentity(server, userId, { type: 'email', value: `multi${i}@example.com` });
      await addIdentity(server, userId, { type: 'username', value: `multi_${i}` });
      await addIdentity(server, userId, { type: 'phone', value: `+6141234510${i}` });
    }
    const ids = (await db().selectFrom('identities').select('id').where('user_id', '=', userId).orderBy('id').execute()).map((r) => r.id);
    expect(ids).toHaveLength(30);

    const answers = await race(
      server,
      Array.from({ length: IN_FLIGHT }, (_, i) => ({
        method: 'PATCH',
        path: `/api/v1/identities/${ids[(i * 7) % ids.length]}`,
        body: { is_primary: true },
      })),
    );

    expect(tally(answers)).toEqual({ '200': IN_FLIGHT });
    expect(await primariesByType(userId)).toEqual({ email: 1, username: 1, phone: 1 });
  });

  it('50 deletes across all 10 emails of an email-only user: 9 deleted, the last one kept and primary', async () => {
    const userId = await createUser(server, { email: 'lone0@example.com' });
    for (let i = 1; i < 10; i++) await addIdentity(server, userId, { type: 'email', value: `lone${i}@example.com` });
    const ids = (await db().selectFrom('identities').select('id').where('user_id', '=', userId).execute()).map((r) => r.id);
    expect(ids).toHaveLength(10);

    const answers = await race(
      server,
      Array.from({ length: IN_FLIGHT }, (_, i) => ({ method: 'DELETE', path: `/api/v1/identities/${ids[i % ids.length]}` })),
    );

    // Each id is asked 5 times: the first delete of 9 of them wins, later ones find nothing; all 5 asks for the survivor
    // must have met it as the user's last identity.
    expect(tally(answers)).toEqual({ '200': 9, '400 LAST_IDENTITY': 5, '404 IDENTITY_NOT_FOUND': 36 });
    const left = await db().selectFrom('identities').select(['type', 'is_primary']).where('user_id', '=', userId).execute();
    expect(left).toEqual([{ type: 'email', is_primary: 1 }]);
  });

  it('50 deletes across 8 of 10 emails, the primary among them: 2 emails left with one primary, usernames untouched', async () => {
    const userId = await createUser(server, { email: 'keep0@example.com', username: 'keep_0' });
    for (let i = 1; i < 10; i++) {
      await addIdentity(server, userId, { type: 'email', value: `keep${i}@example.com` });
      await addIdentity(server, userId, { type: 'username', value: `keep_${i}` });
    }
    const emails = await db()
      .selectFrom('identities')
      .select(['id', 'is_primary'])
      .where('user_id', '=', userId)
      .where('type', '=', 'email')
      .orderBy('id')
      .execute();
    expect(emails[0]!.is_primary).toBe(1);
    const doomed = emails.slice(0, 8).map((e) => e.id);

    const answers = await race(
      server,
      Array.from({ length: IN_FLIGHT }, (_, i) => ({ method: 'DELETE', path: `/api/v1/identities/${doomed[i % doomed.length]}` })),
    );

    expect(tally(answers)).toEqual({ '200': 8, '404 IDENTITY_NOT_FOUND': IN_FLIGHT - 8 });
    const survivors = await db()
      .selectFrom('identities')
      .select('id')
      .where('user_id', '=', userId)
      .where('type', '=', 'email')
      .orderBy('id')
      .execute();
    expect(survivors.map((s) => s.id)).toEqual(emails.slice(8).map((e) => e.id));
    expect(await primariesByType(userId)).toEqual({ email: 1, username: 1 });
    const remaining = await db()
      .selectFrom('identities')
      .select('id')
      .where('user_id', '=', userId)
      .where('type', '=', 'username')
      .execute();
    expect(remaining).toHaveLength(10);
  });
});
