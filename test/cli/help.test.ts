import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runRoster } from '../support/cli.js';

const help = async (...args: string[]) => {
  const result = await runRoster([...args, '--help']);
  expect(result.code).toBe(0);
  return result.stdout.replace(/\s+/g, ' ');
};

describe('roster --version and --help', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const result = await runRoster(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('serve --help says what serve runs, its defaults and DATABASE_URL', async () => {
    const text = await help('serve');
    for (const part of ['Management API', 'OpenID Connect', 'hosted sign-in pages', 'admin console', '/admin'])
      expect(text).toContain(part);
    expect(text).toContain('default 3000, or PORT');
    expect(text).toContain('default 127.0.0.1, or HOST');
    expect(text).toContain('default ./.roster, or ROSTER_DATA_DIR');
    expect(text).toContain('default http://localhost:<port>, or ROSTER_ISSUER');
    expect(text).toContain('DATABASE_URL');
  });

  it('every command describes itself, and every command that opens a database names DATABASE_URL', async () => {
    const top = await help();
    expect(top).toMatch(
      /serve \[options\] run Roster: the Management API, the OAuth\/OpenID Connect server, the hosted sign-in pages and the admin console/,
    );
    for (const [command, ...sub] of [
      ['apps', 'create'],
      ['apps', 'update'],
      ['apps', 'rotate-secret'],
      ['apps', 'list'],
      ['keys', 'rotate'],
      ['users', 'import'],
      ['outbox'],
      ['prune'],
      ['migrate'],
    ]) {
      const text = await help(command!, ...sub);
      expect(text, `${command} ${sub.join(' ')}`).toContain('DATABASE_URL');
    }
  });
});
