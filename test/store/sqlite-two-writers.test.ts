import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import { addIdentity } from '../../src/services/identities.js';
import { createUser } from '../../src/services/users.js';
import { ENGINE, startRoster, type TestRoster } from '../support/roster.js';

// Another process writing the same file: what a CLI command does beside `roster serve`.
const OTHER_WRITER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('busy_timeout = 5000');
const until = Date.now() + Number(process.argv[2]);
let n = 0;
while (Date.now() < until) {
  db.exec('begin immediate');
  db.prepare("insert into audit_events (id, occurred_on, type, actor_type, actor_id, source, user_id, identity_id, data) values (?, ?, 'test', 'system', null, 'system', null, null, '{}')").run('event_other_' + n++, new Date().toISOString());
  db.exec('commit');
}
console.log(n);
`;

describe.skipIf(ENGINE !== 'sqlite')('the embedded database with a second writing process', () => {
  let test: TestRoster;
  beforeAll(async () => {
    test = await startRoster();
  });
  afterAll(() => test.close());

  it('write transactions wait for the other writer instead of failing with SQLITE_BUSY', async () => {
    const { user } = await createUser(test.roster, {}, CLI_ACTOR);
    const other = spawn(process.execPath, ['-e', OTHER_WRITER, join(test.config.dataDir, 'roster.db'), '1500'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let otherWrites = '';
    other.stdout.on('data', (chunk) => (otherWrites += chunk));
    const finished = new Promise((resolve) => other.on('exit', resolve));

    const results = [];
    const deadline = Date.now() + 1500;
    for (let i = 0; i < 300 && Date.now() < deadline; i++) {
      results.push(
        await addIdentity(test.roster, user.id, { type: 'email', value: `two-writers-${i}@example.com` }, CLI_ACTOR).then(
          () => 'ok',
          (error: Error) => error.message,
        ),
      );
    }
    await finished;
    expect(Number(otherWrites)).toBeGreaterThan(0);
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => r !== 'ok')).toEqual([]);
  });
});
