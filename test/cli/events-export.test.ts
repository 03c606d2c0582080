import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import { newEventId, newUserId } from '../../src/domain/ids.js';
import { openRoster } from '../../src/services/context.js';
import { recordEvent } from '../../src/store/audit.js';
import { runRoster, storeArgs, storeEnv } from '../support/cli.js';
import { freshDatabase, type TestDatabase } from '../support/roster.js';

const ALICE = newUserId();
const BOB = newUserId();
// More than one page of the export's reads, so the walk from page to page is exercised.
const ALICE_EVENTS = 2_500;

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
  const roster = await openRoster({ ...loadConfig({}, {}), ...database.config });
  try {
    await roster.database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < ALICE_EVENTS; i++) {
        const occurred_on = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
        const type = i % 2 ? 'identity.created' : 'user.updated';
        await recordEvent(trx, {
          id: newEventId(),
          occurred_on,
          type,
          actor: CLI_ACTOR,
          user_id: ALICE,
          identity_id: null,
          data: { n: i },
        });
      }
      await recordEvent(trx, {
        id: newEventId(),
        occurred_on: '2026-03-01T00:00:00.000Z',
        type: 'user.created',
        actor: CLI_ACTOR,
        user_id: BOB,
        identity_id: null,
        data: {},
      });
    });
  } finally {
    await roster.close();
  }
});
afterAll(() => database?.drop());

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { id: string; type: string; user_id: string; occurred_on: string; data: { n?: number } });

describe('roster events export', () => {
  it('streams every event as NDJSON, oldest first, to a file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'roster-export-')), 'events.ndjson');
    const result = await runRoster(['events', 'export', '--out', out, ...storeArgs(database)], { env: storeEnv(database) });
    expect(result.code, result.stderr).toBe(0);
    const events = lines(readFileSync(out, 'utf8'));
    expect(events).toHaveLength(ALICE_EVENTS + 1);
    expect(events.map((e) => e.id)).toEqual(events.map((e) => e.id).sort());
    expect(events[0]).toMatchObject({
      type: 'user.updated',
      user_id: ALICE,
      actor: { type: 'cli', id: null },
      source: 'cli',
      data: { n: 0 },
    });
  });

  it('filters by user, type prefix and time, to standard output', async () => {
    const result = await runRoster(
      [
        'events',
        'export',
        '--user',
        ALICE,
        '--type',
        'identity.',
        '--from',
        '2026-01-01T00:10:00Z',
        '--to',
        '2026-01-01T00:20:00Z',
        ...storeArgs(database),
      ],
      { env: storeEnv(database) },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(lines(result.stdout).map((e) => e.data.n)).toEqual([11, 13, 15, 17, 19]);
  });

  it('refuses a malformed filter with a one-line message and a non-zero exit', async () => {
    for (const args of [
      ['--from', 'yesterday'],
      ['--user', 'bob'],
      ['--type', 'User%'],
    ]) {
      const result = await runRoster(['events', 'export', ...args, ...storeArgs(database)], { env: storeEnv(database) });
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
