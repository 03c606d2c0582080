import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSetupLink } from '../../src/services/admin-setup.js';
import { listAdmins } from '../../src/services/admins.js';
import { stopAllServers, serveDatabase } from '../support/cli.js';
import { Browser, codeIn, lastOutboxMessage } from '../support/pages.js';
import { ENGINE, freePort, freshDatabase, startServer, type TestServer } from '../support/roster.js';
import { randomEmail } from '../support/sign-in.js';

/** The path and query of a setup link, for a Browser on the same server. */
const pathOf = (link: string) => {
  const url = new URL(link);
  return url.pathname + url.search;
};

describe(`the first-admin setup link (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  /** Opens the link and sends a code to this email; answers the browser on the code page. */
  async function askForCode(link: string, email: string) {
    const browser = new Browser(server.url);
    const form = await browser.get(pathOf(link));
    expect(form.status, form.text).toBe(200);
    expect(form.text).toContain('first admin');
    const codePage = await browser.submit(form, '/auth/admin-setup', { email });
    expect(codePage.status, codePage.text).toBe(200);
    expect(codePage.text).toContain('6-digit code');
    return { browser, codePage };
  }
  const codeFor = async (email: string) => codeIn((await lastOutboxMessage(server.roster, email))!.body);

  it('refuses a wrong, made-up or expired link with a page that says so, creating nothing', async () => {
    const expired = await createSetupLink(server.roster, new Date(Date.now() - 61 * 60_000));
    for (const path of ['/admin/setup', '/admin/setup?token=nonsense', pathOf(`${expired}`), `/admin/setup?token=${'A'.repeat(43)}`]) {
      const page = await new Browser(server.url).get(path);
      expect(page.status, path).toBe(400);
      expect(page.text).toContain('This setup link is not valid');
    }
    expect(await listAdmins(server.roster)).toEqual([]);
  });

  it('keeps the link usable after a wrong code, and creates nothing', async () => {
    const link = (await createSetupLink(server.roster))!;
    const email = randomEmail('wrong');
    const { browser, codePage } = await askForCode(link, email);
    const right = await codeFor(email);
    const wrong = await browser.submit(codePage, '/auth/admin-setup/verify', { code: right === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('That code is not right');
    expect(await listAdmins(server.roster)).toEqual([]);
  });

  it('makes the person with the code the first admin with all scopes, signed in, and is then used up', async () => {
    const link = (await createSetupLink(server.roster))!;
    const email = randomEmail('first');
    const { browser, codePage } = await askForCode(link, email);
    const done = await browser.submit(codePage, '/auth/admin-setup/verify', { code: await codeFor(email) });
    expect(done.status, done.text).toBe(303);
    expect(done.headers.get('location')).toBe(`${server.url}/admin`);
    expect(browser.cookies.has('roster_session')).toBe(true);
    expect(await listAdmins(server.roster)).toMatchObject([{ email, scopes: ['all'] }]);
    const again = await browser.get(pathOf(link));
    expect(again.status).toBe(409);
    expect(again.text).toContain('already has its first admin');
    expect(await createSetupLink(server.roster)).toBeUndefined();
  });
});

describe(`two people racing setup links (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('ends with exactly one admin', async () => {
    const people = [randomEmail('racer-a'), randomEmail('racer-b'), randomEmail('racer-c')];
    const ready = await Promise.all(
      people.map(async (email) => {
        const browser = new Browser(server.url);
        const form = await browser.get(pathOf((await createSetupLink(server.roster))!));
        const codePage = await browser.submit(form, '/auth/admin-setup', { email });
        return { browser, codePage, code: codeIn((await lastOutboxMessage(server.roster, email))!.body) };
      }),
    );
    const answers = await Promise.all(ready.map((r) => r.browser.submit(r.codePage, '/auth/admin-setup/verify', { code: r.code })));
    expect(answers.map((a) => a.status).sort()).toEqual([303, 409, 409]);
    const admins = await listAdmins(server.roster);
    expect(admins).toHaveLength(1);
    expect(people[answers.findIndex((a) => a.status === 303)]).toBe(admins[0]!.email);
  });
});

describe(`roster serve and the setup link (${ENGINE})`, () => {
  afterAll(() => stopAllServers());

  it('prints a setup link while nobody is an admin', async () => {
    const database = await freshDatabase();
    try {
      const port = await freePort();
      const served = await serveDatabase(database, port);
      await expect
        .poll(() => served.output(), { timeout: 5_000 })
        .toMatch(new RegExp(`http://127\\.0\\.0\\.1:${port}/admin/setup\\?token=[\\w-]{43}`));
      expect(served.output()).toContain('roster admins add EMAIL');
      await served.stop();
    } finally {
      await database.drop();
    }
  });
});
