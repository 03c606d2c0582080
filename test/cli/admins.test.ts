import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openRoster } from '../../src/services/context.js';
import { findIdentityByKey } from '../../src/store/identities.js';
import { runRoster, runRosterJson, storeArgs, storeEnv } from '../support/cli.js';
import { ENGINE, freshDatabase, type TestDatabase } from '../support/roster.js';

interface ListedAdmin {
  user_id: string;
  email: string | null;
  scopes: string[];
  is_suspended: boolean;
}

describe(`roster admins (${ENGINE})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.drop());

  const run = (args: string[]) => runRoster(['admins', ...args, ...storeArgs(database)], { env: storeEnv(database) });
  const json = <T>(args: string[]) => runRosterJson<T>(['admins', ...args, '--json', ...storeArgs(database)], { env: storeEnv(database) });

  it('adds a new person by email as a user with that email confirmed, granted all by default', async () => {
    const admin = await json<ListedAdmin>(['add', 'Ada.Admin@Example.com']);
    expect(admin).toMatchObject({ email: 'Ada.Admin@Example.com', scopes: ['all'], is_suspended: false });
    expect(admin.user_id).toMatch(/^kp_[0-9a-f]{32}$/);
    const roster = await openRoster({ ...loadConfig({}, {}), ...database.config });
    try {
      const identity = await findIdentityByKey(roster.database.db, 'email', 'ada.admin@example.com');
      expect(identity).toMatchObject({ user_id: admin.user_id, is_confirmed: 1, is_primary: 1 });
    } finally {
      await roster.close();
    }
  });

  it('finds an existing user by email in another case, or by id, and replaces their scopes', async () => {
    const first = await json<ListedAdmin>(['add', 'rita@example.com', '--scopes', 'read:users read:identities']);
    expect(first.scopes).toEqual(['read:users', 'read:identities']);
    const again = await json<ListedAdmin>(['add', 'RITA@example.com', '--scopes', 'read:users']);
    expect(again).toMatchObject({ user_id: first.user_id, scopes: ['read:users'] });
    const byId = await json<ListedAdmin>(['add', first.user_id, '--scopes', 'all']);
    expect(byId).toMatchObject({ user_id: first.user_id, scopes: ['all'] });
  });

  it('lists the admins, as JSON and as lines', async () => {
    const listed = await json<ListedAdmin[]>(['list']);
    expect(listed.map((a) => a.email)).toEqual(['Ada.Admin@Example.com', 'rita@example.com']);
    const text = await run(['list']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('rita@example.com');
    expect(text.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('removes an admin by email or by user id, keeping the user', async () => {
    const [ada, rita] = await json<ListedAdmin[]>(['list']);
    expect(await json(['remove', 'ada.admin@example.com'])).toEqual({ user_id: ada!.user_id, removed: true });
    expect((await run(['remove', rita!.user_id])).stdout).toBe(`Removed admin ${rita!.user_id}\n`);
    expect(await json<ListedAdmin[]>(['list'])).toEqual([]);
    expect((await run(['list'])).stdout).toContain('No admins yet');
  });

  it.each([
    ['a malformed email', ['add', 'not-an-email'], /email/i],
    ['an email without a dot in its domain', ['add', 'ann@localhost'], /email/i],
    ['an unknown user id', ['add', 'kp_0123456789abcdef0123456789abcdef'], /No user has the id kp_0123456789abcdef0123456789abcdef/],
    ['a broken user id', ['add', 'kp_123'], /not a user id/],
    ['an unknown scope', ['add', 'zed@example.com', '--scopes', 'read:everything'], /Unknown scope read:everything/],
    ['removing someone who is not an admin', ['remove', 'nobody@example.com'], /nobody@example.com is not an admin/],
  ])('refuses %s with exit code 1 and one line', async (_label, args, message) => {
    const result = await run(args);
    expect(result.code).toBe(1);
    // Besides the line every command writes about the database it uses, one line says what is wrong.
    const problems = result.stderr.split('\n').filter((line) => line.startsWith('roster: '));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expect(result.stdout).toBe('');
  });
});
