import { describe, expect, it } from 'vitest';
import { runRoster, runRosterJson, storeArgs, storeEnv, useServedDatabase } from '../support/cli.js';
import { Browser, codeIn } from '../support/pages.js';
import type { OutboxMessage } from '../support/sign-in.js';

const { database, server } = useServedDatabase();

const outbox = (...args: string[]) =>
  runRosterJson<OutboxMessage[]>(['outbox', '--json', ...args, ...storeArgs(database)], { env: storeEnv(database) });

describe('roster outbox', () => {
  it('says the outbox is empty before anything was sent', async () => {
    const result = await runRoster(['outbox', ...storeArgs(database)], { env: storeEnv(database) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('The outbox is empty.');
    expect(await outbox()).toEqual([]);
  });

  it('prints the code a sign-up sent when no SMTP server is configured, so `roster serve` alone can sign someone in', async () => {
    const browser = new Browser(server.url);
    const form = await browser.get('/auth/sign-up?request=req_cli');
    const verify = await browser.submit(form, '/auth/sign-up', {
      email: 'first@example.com',
      given_name: 'First',
      family_name: '',
      password: '',
    });
    expect(verify.status, verify.text).toBe(200);
    const second = await browser.submit(form, '/auth/sign-up', {
      email: 'second@example.com',
      given_name: '',
      family_name: '',
      password: '',
    });
    expect(second.status).toBe(200);

    const messages = await outbox();
    expect(messages.map((m) => m.recipient)).toEqual(['first@example.com', 'second@example.com']);
    const [first] = messages;
    expect(Object.keys(first!).sort()).toEqual(['body', 'channel', 'created_on', 'id', 'recipient', 'subject']);
    expect(first!.channel).toBe('email');
    expect(first!.subject).toBe('Your sign-in code');
    expect(Number.isNaN(Date.parse(first!.created_on))).toBe(false);

    const done = await browser.submit(verify, '/auth/verify', { code: codeIn(first!.body) });
    expect(done.status, done.text).toBe(303);
    expect(done.headers.get('location')).toBe('/oauth2/auth/resume?request=req_cli');

    expect((await outbox('--limit', '1')).map((m) => m.recipient)).toEqual(['second@example.com']);
    const text = await runRoster(['outbox', ...storeArgs(database)], { env: storeEnv(database) });
    expect(text.stdout).toContain('email  to first@example.com  "Your sign-in code"');
    expect(text.stdout).toContain(`    Your sign-in code is ${codeIn(first!.body)}`);
    // The server logged it too.
    expect(server.output()).toContain('first@example.com');
  });

  it('refuses a limit that is not a positive whole number', async () => {
    const result = await runRoster(['outbox', '--limit', '0', ...storeArgs(database)], { env: storeEnv(database) });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--limit');
  });
});
