import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRoster, runRosterJson, storeArgs, storeEnv } from '../support/cli.js';
import { ENGINE, freshDatabase, type TestDatabase } from '../support/roster.js';

interface Listed {
  client_id: string;
  name: string;
  type: string;
  scopes: string[];
  redirect_uris: string[];
  logout_uris: string[];
  origins: string[];
  logo_url?: string | null;
  accent_color?: string | null;
  client_secret?: string;
}

describe(`roster apps create --type web|spa with allow-lists (${ENGINE})`, () => {
  let database: TestDatabase;
  const create = (...args: string[]) => runRoster(['apps', 'create', ...args, ...storeArgs(database)], { env: storeEnv(database) });
  const list = () => runRosterJson<Listed[]>(['apps', 'list', '--json', ...storeArgs(database)], { env: storeEnv(database) });

  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.drop());

  it('creates a web application with repeatable flags and a 40–60 character secret, and lists its allow-lists', async () => {
    const result = await create(
      '--type',
      'web',
      '--name',
      'Shop',
      '--redirect-uri',
      'https://shop.example.com/api/auth/kinde_callback',
      '--redirect-uri',
      'http://localhost:3000/api/auth/kinde_callback',
      '--logout-uri',
      'https://shop.example.com',
      '--logout-uri',
      'http://localhost:3000',
      '--origin',
      'https://shop.example.com',
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const app = JSON.parse(result.stdout) as Listed;
    expect(app).toMatchObject({
      name: 'Shop',
      type: 'web',
      scopes: [],
      redirect_uris: ['https://shop.example.com/api/auth/kinde_callback', 'http://localhost:3000/api/auth/kinde_callback'],
      logout_uris: ['https://shop.example.com', 'http://localhost:3000'],
      origins: ['https://shop.example.com'],
    });
    expect(app.client_secret).toMatch(/^[A-Za-z0-9]{40,60}$/);
    const listed = (await list()).find((a) => a.client_id === app.client_id)!;
    expect(listed).toEqual({ ...app, client_secret: undefined, created_on: expect.any(String) });
    expect(JSON.stringify(await list())).not.toContain(app.client_secret);
  });

  it('creates a SPA without any secret', async () => {
    const result = await create(
      '--type',
      'spa',
      '--name',
      'Console',
      '--redirect-uri',
      'http://127.0.0.1:5173/callback',
      '--origin',
      'http://127.0.0.1:5173',
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const app = JSON.parse(result.stdout) as Listed;
    expect(app.type).toBe('spa');
    expect('client_secret' in app).toBe(false);
    expect(app.origins).toEqual(['http://127.0.0.1:5173']);
  });

  it('keeps a logo URL and an accent colour (any hex form, stored as #rrggbb) for the sign-in pages', async () => {
    const result = await create(
      '--type',
      'spa',
      '--name',
      'Branded',
      '--redirect-uri',
      'https://branded.example.com/cb',
      '--logo-url',
      'https://branded.example.com/logo.svg',
      '--accent',
      '0A7',
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    const app = JSON.parse(result.stdout) as Listed;
    expect(app).toMatchObject({ logo_url: 'https://branded.example.com/logo.svg', accent_color: '#00aa77' });
    expect((await list()).find((a) => a.client_id === app.client_id)).toMatchObject({ accent_color: '#00aa77' });
    const plain = await create(
      '--type',
      'spa',
      '--name',
      'Plain branded',
      '--redirect-uri',
      'https://b.example.com/cb',
      '--accent',
      '#123456',
    );
    expect(plain.stdout).toMatch(/accent:\s+#123456/);
  });

  it('shows the allow-lists in the plain listing and the secret only for web', async () => {
    const plain = await create('--type', 'web', '--name', 'Plain', '--redirect-uri', 'https://plain.example.com/cb');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/client_secret:\s+[A-Za-z0-9]{50}/);
    expect(plain.stdout).toContain('https://plain.example.com/cb');
    const spa = await create('--type', 'spa', '--name', 'Plain SPA', '--redirect-uri', 'https://spa.example.com/cb');
    expect(spa.stdout).not.toContain('client_secret');
    const listing = await runRoster(['apps', 'list', ...storeArgs(database)], { env: storeEnv(database) });
    expect(listing.stdout.split('\n').find((line) => line.includes('Plain SPA'))).toContain('https://spa.example.com/cb');
  });

  it('refuses bad allow-lists with a message naming the value, and creates nothing', async () => {
    // Each shape rule is covered in test/unit/client-uris.test.ts; here, that the CLI reports them and writes nothing.
    const refusals: [string[], RegExp][] = [
      [['--type', 'web', '--name', 'x'], /needs at least one redirect URI/],
      [
        ['--type', 'web', '--name', 'x', '--redirect-uri', 'http://shop.example.com/cb'],
        /http: only for localhost.*http:\/\/shop\.example\.com\/cb/,
      ],
      [
        ['--type', 'spa', '--name', 'x', '--redirect-uri', 'https://shop.example.com/cb', '--origin', 'https://shop.example.com/app'],
        /An origin is scheme:\/\/host\[:port\]/,
      ],
      [['--type', 'm2m', '--name', 'x', '--redirect-uri', 'https://shop.example.com/cb'], /m2m application .* takes no redirect URIs/],
      [
        ['--type', 'spa', '--name', 'x', '--redirect-uri', 'https://a.example.com/cb', '--accent', 'blue'],
        /accent colour is a hex colour.*blue/,
      ],
      [
        ['--type', 'spa', '--name', 'x', '--redirect-uri', 'https://a.example.com/cb', '--logo-url', 'http://a.example.com/l.png'],
        /logo URL may use http: only/,
      ],
      [['--type', 'm2m', '--name', 'x', '--accent', '#ffffff'], /m2m application shows no pages/],
    ];
    const before = (await list()).length;
    const results = await Promise.all(refusals.map(([args]) => create(...args, '--json')));
    results.forEach((result, i) => {
      expect(result.code, refusals[i]![0].join(' ')).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(refusals[i]![1]);
    });
    expect((await list()).length).toBe(before);
  });
});
