import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.js';
import { ROSTER_BIN, runRosterJson, storeArgs, storeEnv } from '../support/cli.js';
import { ENGINE, freshDatabase, type TestDatabase } from '../support/roster.js';
import { integrity } from './support.js';

const USERS = 20_000;
const BATCH = 500;

/** Every user has an email and a username; every third a phone. */
function writeUsersFile(path: string): void {
  const lines: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const identities: Record<string, unknown>[] = [
      { type: 'email', identity: `user.${i}@example.com` },
      { type: 'username', identity: `user_${i}` },
    ];
    if (i % 3 === 0) identities.push({ type: 'phone', identity: `+614${String(10_000_000 + i).slice(-8)}` });
    lines.push(JSON.stringify({ id: `crash-${i}`, first_name: `User ${i}`, identities }));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`an import killed mid-way and run again (${ENGINE})`, () => {
  let database: TestDatabase;
  let db: Database;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    database = await freshDatabase();
    dir = mkdtempSync(join(tmpdir(), 'roster-crash-'));
    file = join(dir, 'users.ndjson');
    writeUsersFile(file);
    await runRosterJson(['apps', 'list', '--json', ...storeArgs(database)], { env: storeEnv(database) });
    db = openDatabase({ ...database.config, poolSize: 2 });
  });
  afterAll(async () => {
    await db?.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends with every user imported exactly once, none without its identities', async () => {
    const args = [ROSTER_BIN, 'users', 'import', file, '--json', '--batch', String(BATCH), ...storeArgs(database)];
    const child = spawn(process.execPath, args, { env: storeEnv(database), stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    // Kill it once a few batches have committed, and well before the end.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && child.exitCode === null) {
      if ((await integrity(db.db)).users >= 3 * BATCH) break;
      await sleep(20);
    }
    child.kill('SIGKILL');
    await exited;
    const afterKill = await integrity(db.db);
    expect(afterKill.users, 'the import was killed before it finished').toBeLessThan(USERS);
    expect(afterKill.users).toBeGreaterThanOrEqual(3 * BATCH);
    expect(afterKill.users % BATCH, 'whole batches only').toBe(0);
    expect(afterKill).toMatchObject({ usersWithoutIdentities: 0, duplicateKeys: 0 });

    const rerun = await runRosterJson<{ counts: Record<string, number> }>(args.slice(1), { env: storeEnv(database), timeoutMs: 150_000 });
    expect(rerun.counts).toMatchObject({
      read: USERS,
      invalid: 0,
      duplicates: 0,
      skipped_existing: afterKill.users,
      imported: USERS - afterKill.users,
    });
    const final = await integrity(db.db);
    expect(final).toEqual({ users: USERS, identities: USERS * 2 + Math.ceil(USERS / 3), usersWithoutIdentities: 0, duplicateKeys: 0 });
    const providedIds = await db.db.selectFrom('users').select('provided_id').distinct().execute();
    expect(providedIds).toHaveLength(USERS);
  }, 240_000);
});
