import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, stopAllServers, storeArgs, storeEnv } from '../support/cli.js';
import { ENGINE, freshDatabase, type TestDatabase } from '../support/roster.js';

describe(`roster serve's start-up and shutdown log (${ENGINE})`, () => {
  let database: TestDatabase;
  const start = (env: Record<string, string> = {}) =>
    startServe({ args: ['--port', '0', ...storeArgs(database)], env: storeEnv(database, env), port: 0 });

  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => {
    await stopAllServers();
    await database.drop();
  });

  it('says in words, before the JSON log, where it serves, which database, what it created and where messages go', async () => {
    const server = await start();
    await server.stop();
    const human = server.output().slice(server.output().indexOf('Using '));
    const issuer = `http://localhost:${server.port}`;
    expect(human).toMatch(ENGINE === 'sqlite' ? /^Using \/.+\/roster\.db$/m : /^Using PostgreSQL 127\.0\.0\.1(:\d+)?\/roster_test_\w+$/m);
    expect(human).toContain('Created the database schema.');
    expect(human).toContain('Created a signing key');
    expect(human).toContain(`Roster is serving ${issuer} (listening on 127.0.0.1:${server.port})`);
    for (const url of [`${issuer}/admin`, `${issuer}/api/docs`, `${issuer}/.well-known/openid-configuration`, `${issuer}/healthz`])
      expect(human).toContain(url);
    expect(human).toMatch(
      /Emails and text messages go to the development outbox: each message, sign-in codes included, is written to this log/,
    );
    expect(human).toMatch(/^Roster stopped\.$/m);
    expect(server.output()).toContain('"msg":"Roster stopped"');
  });

  it('on a database that is ready says nothing was created, and names the SMTP server when one is set', async () => {
    const server = await start({ ROSTER_SMTP_URL: 'smtp://mail.example.test:2525' });
    await server.stop();
    expect(server.output()).not.toContain('Created the database schema');
    expect(server.output()).not.toContain('Created a signing key');
    expect(server.output()).toContain('Emails go to smtp://mail.example.test:2525.');
    expect(server.output()).toMatch(/Text messages go to the development outbox/);
    expect(server.output()).not.toContain('password');
  });
});
