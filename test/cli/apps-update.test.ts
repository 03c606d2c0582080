import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createM2mApp,
  mintClaims,
  requestToken,
  runRoster,
  runRosterJson,
  serveDatabase,
  stopAllServers,
  storeArgs,
  storeEnv,
  type ServeProcess,
} from '../support/cli.js';
import { ENGINE, freePort, freshDatabase, type TestDatabase } from '../support/roster.js';

interface AppJson {
  client_id: string;
  client_secret?: string;
  name: string;
  type: string;
  scopes: string[];
  redirect_uris: string[];
  logout_uris: string[];
  origins: string[];
  logo_url: string | null;
  accent_color: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`roster apps update / rotate-secret / list (${ENGINE})`, () => {
  let database: TestDatabase;
  let server: ServeProcess;
  const roster = (args: string[]) => runRoster([...args, ...storeArgs(database)], { env: storeEnv(database) });
  const rosterJson = (args: string[]) => runRosterJson<AppJson>([...args, '--json', ...storeArgs(database)], { env: storeEnv(database) });
  const createWeb = () =>
    rosterJson([
      'apps',
      'create',
      '--type',
      'web',
      '--name',
      'Shop',
      '--redirect-uri',
      'https://shop.example.test/callback',
      '--logout-uri',
      'https://shop.example.test',
    ]);

  beforeAll(async () => {
    database = await freshDatabase();
    server = await serveDatabase(database, await freePort());
  });
  afterAll(async () => {
    await stopAllServers();
    await database.drop();
  });

  it('changes a web application’s settings and keeps its client id; lists replace, an empty value clears', async () => {
    const web = await createWeb();
    const updated = await rosterJson([
      'apps',
      'update',
      web.client_id,
      '--name',
      'Shop (new)',
      '--redirect-uri',
      'https://shop.example.test/api/auth/kinde_callback',
      '--redirect-uri',
      'http://localhost:4000/callback',
      '--logout-uri',
      '',
      '--origin',
      'https://shop.example.test',
      '--logo-url',
      'https://shop.example.test/logo.png',
      '--accent',
      '#0B6E4F',
    ]);
    expect(updated).toMatchObject({
      client_id: web.client_id,
      name: 'Shop (new)',
      type: 'web',
      redirect_uris: ['https://shop.example.test/api/auth/kinde_callback', 'http://localhost:4000/callback'],
      logout_uris: [],
      origins: ['https://shop.example.test'],
      logo_url: 'https://shop.example.test/logo.png',
      accent_color: '#0b6e4f',
    });
    expect(updated).not.toHaveProperty('client_secret');
    const listed = await runRosterJson<AppJson[]>(['apps', 'list', '--json', ...storeArgs(database)], { env: storeEnv(database) });
    expect(listed.find((app) => app.client_id === web.client_id)).toEqual({ ...updated, created_on: expect.any(String) });
    const cleared = await rosterJson(['apps', 'update', web.client_id, '--logo-url', '', '--accent', '']);
    expect(cleared).toMatchObject({ logo_url: null, accent_color: null, name: 'Shop (new)' });
  });

  it('refuses what create would refuse, changing nothing, and an unknown client id', async () => {
    const web = await createWeb();
    for (const [args, message] of [
      [['--redirect-uri', 'http://shop.example.test/cb'], 'may use http: only for localhost'],
      [['--redirect-uri', ''], 'needs at least one redirect URI'],
      [['--scopes', 'read:everything'], 'Unknown scope read:everything'],
      [['--accent', 'green'], 'An accent colour is a hex colour such as #3451d1 (got green)'],
      [['--name', '  '], 'needs a name'],
    ] as const) {
      const result = await roster(['apps', 'update', web.client_id, ...args]);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr.trim().split('\n').at(-1)).toMatch(/^roster: /);
      expect(result.stderr).toContain(message);
    }
    const m2m = await createM2mApp(database, 'machine');
    expect((await roster(['apps', 'update', m2m.client_id, '--origin', 'https://a.example.test'])).stderr).toContain(
      'An m2m application signs no one in',
    );
    expect((await roster(['apps', 'update', web.client_id])).stderr).toContain('Say what to change');
    expect((await roster(['apps', 'update', 'no-such-client', '--name', 'x'])).stderr).toContain(
      'No application has the client id no-such-client',
    );
    const listed = await runRosterJson<AppJson[]>(['apps', 'list', '--json', ...storeArgs(database)], { env: storeEnv(database) });
    expect(listed.find((app) => app.client_id === web.client_id)).toMatchObject({
      name: 'Shop',
      redirect_uris: ['https://shop.example.test/callback'],
      scopes: [],
    });
  }, 90_000);

  it('narrows an m2m application’s scopes: the next token carries the new ones', async () => {
    const m2m = await createM2mApp(database, 'narrowed');
    await rosterJson(['apps', 'update', m2m.client_id, '--scopes', 'read:users read:user_identities']);
    await sleep(2_100); // the server's client cache
    const { claims } = await mintClaims(server.url, m2m);
    expect(claims.scp).toEqual(['read:users', 'read:user_identities']);
  });

  it('rotate-secret prints a new secret once; the old one stops working and the new one works', async () => {
    const m2m = await createM2mApp(database, 'rotated');
    expect((await requestToken(server.url, m2m)).status).toBe(200);
    const rotated = await rosterJson(['apps', 'rotate-secret', m2m.client_id]);
    expect(rotated.client_id).toBe(m2m.client_id);
    expect(rotated.client_secret).toMatch(/^[A-Za-z0-9]{50}$/);
    expect(rotated.client_secret).not.toBe(m2m.client_secret);
    await sleep(2_100);
    expect((await requestToken(server.url, m2m)).status).toBe(401);
    expect((await requestToken(server.url, { client_id: m2m.client_id, client_secret: rotated.client_secret! })).status).toBe(200);
    const text = await roster(['apps', 'rotate-secret', m2m.client_id]);
    expect(text.stdout).toMatch(/client_secret: +[A-Za-z0-9]{50} +\(shown only now/);
  });

  it('rotate-secret refuses a spa (it has no secret) and an unknown client id', async () => {
    const spa = await rosterJson(['apps', 'create', '--type', 'spa', '--name', 'Console', '--redirect-uri', 'http://localhost:5173/cb']);
    expect((await roster(['apps', 'rotate-secret', spa.client_id])).stderr).toContain('A spa application has no secret');
    expect((await roster(['apps', 'rotate-secret', 'nobody'])).code).toBe(1);
  });

  it('list prints a header and columns that line up', async () => {
    const result = await roster(['apps', 'list']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CLIENT ID +TYPE +NAME +SCOPES +REDIRECT URIS$/);
    for (const heading of ['TYPE', 'NAME', 'SCOPES', 'REDIRECT URIS']) {
      const column = lines[0]!.indexOf(heading);
      for (const line of lines.slice(1)) expect(line[column - 1], `${heading} in ${line}`).toBe(' ');
      for (const line of lines.slice(1)) expect(line[column], `${heading} in ${line}`).not.toBe(' ');
    }
    expect(lines.some((line) => /\bm2m +narrowed +read:users read:user_identities +-$/.test(line))).toBe(true);
  });
});
