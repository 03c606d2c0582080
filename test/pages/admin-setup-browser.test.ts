import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSetupLink } from '../../src/services/admin-setup.js';
import { listAdmins } from '../../src/services/admins.js';
import { hasChromium, launchChromium, submitForm, type TestBrowser } from '../support/browser.js';
import { lookAt } from '../support/console.js';
import { codeIn, lastOutboxMessage } from '../support/pages.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';
import { randomEmail } from '../support/sign-in.js';

if (!hasChromium) console.warn('admin setup in Chromium: skipped, /usr/bin/chromium is missing (apt-get install -y chromium)');

/** The first admin in Chromium: the setup link's pages (looked at, checked by axe), then straight into the console. */
describe.skipIf(!hasChromium)(`the setup link in Chromium (${ENGINE})`, () => {
  let server: TestServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('takes an email and a code, and opens the console signed in as its first admin', async () => {
    const { page } = browser;
    const email = randomEmail('first');
    await page.goto((await createSetupLink(server.roster))!);
    await page.getByRole('heading', { level: 1, name: 'Set up Roster' }).waitFor();
    await lookAt(page, 'setup-email');
    await page.getByLabel('Your email').fill('not-an-email');
    await submitForm(page.locator('form'));
    await page.getByRole('alert').waitFor();
    await lookAt(page, 'setup-email-error');
    await page.getByLabel('Your email').fill(email);
    await submitForm(page.locator('form'));
    await page.getByLabel('Code').waitFor();
    await lookAt(page, 'setup-code');
    await page.getByLabel('Code').fill(codeIn((await lastOutboxMessage(server.roster, email))!.body));
    await submitForm(page.locator('form'));
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor({ timeout: 20_000 });
    expect(await listAdmins(server.roster)).toMatchObject([{ email, scopes: ['all'] }]);
  });

  it('says so when the link was used', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/admin/setup?token=${'x'.repeat(43)}`);
    await page.getByRole('heading', { level: 1, name: 'Roster has an admin' }).waitFor();
    await lookAt(page, 'setup-done');
  });
});
