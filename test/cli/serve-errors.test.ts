import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRoster, storeArgs, storeEnv } from '../support/cli.js';
import { ENGINE, freshDatabase, type TestDatabase } from '../support/roster.js';

describe(`roster serve with bad settings (${ENGINE})`, () => {
  let database: TestDatabase;
  // Each case must exit on its own; the timeout turns a server that wrongly starts into a failure, not a hang.
  const serve = (args: string[], env: Record<string, string> = {}) =>
    runRoster(['serve', ...args, ...storeArgs(database)], { env: storeEnv(database, env), timeoutMs: 10_000 });

  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.drop());

  it.each([['abc'], ['70000'], ['-1'], ['80.5'], ['']])('exits non-zero with a message for --port %j', async (port) => {
    const result = await serve(['--port', port]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^roster: The port must be a whole number from 0 to 65535/);
  });

  it('exits non-zero with a message for a bad PORT in the environment', async () => {
    const result = await serve([], { PORT: 'http' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('The port must be a whole number from 0 to 65535 (got http)');
  });

  it('suggests --port or PORT when the port is taken, and leaves the other program alone', async () => {
    const other = createServer(() => {});
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as AddressInfo;
    try {
      const result = await serve(['--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n').at(-1)).toBe(
        `roster: Port ${port} on 127.0.0.1 is already in use (another Roster?): choose another with --port 3000 or PORT=3000`,
      );
      expect(other.listening).toBe(true);
    } finally {
      other.close();
    }
  });

  it('exits non-zero with a message for an --issuer that is not an http(s) URL', async () => {
    const result = await serve(['--port', '1', '--issuer', 'ftp://id.example.test']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('The issuer must be an http(s) URL');
  });
});
