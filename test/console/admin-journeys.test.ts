import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGEMENT_SCOPES } from '../../src/domain/scopes.js';
import { hasChromium, launchChromium, type TestBrowser } from '../support/browser.js';
import { runRoster, storeArgs, storeEnv } from '../support/cli.js';
import { expectAccessible, expectNoCspViolations, lookAt, signInWithCode, watchCsp } from '../support/console.js';
import { createUser, getUser, identitiesOf } from '../support/factories.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';
import { randomEmail } from '../support/sign-in.js';

/** Every read scope Roster knows, and nothing else. */
const READ_SCOPES = MANAGEMENT_SCOPES.filter((scope) => scope.startsWith('read:')).join(' ');

/**
 * Kinde's page, done by an admin in the console: find a user, open the profile, add, make primary, replace and delete
 * identities, suspend and restore, sign out everywhere, read the activity. Each change is checked through the API.
 */
describe.skipIf(!hasChromium)(`console journeys of an admin in Chromium (${ENGINE})`, () => {
  let server: TestServer;
  let browser: TestBrowser;
  let page: Page;
  const admin = randomEmail('ada');
  const reader = randomEmail('rita');
  let rosy: string;
  let bob: string;

  const consoleUrl = () => `${server.url}/admin`;
  const cli = (args: string[]) =>
    runRoster([...args, ...storeArgs({ config: server.config, drop: async () => {} })], {
      env: storeEnv({ config: server.config, drop: async () => {} }),
    });

  async function addAdmin(email: string, scopes?: string) {
    const result = await cli(['admins', 'add', email, ...(scopes ? ['--scopes', scopes] : [])]);
    expect(result.code, result.stderr).toBe(0);
  }

  async function signIn(email: string) {
    await page.goto(consoleUrl());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await signInWithCode(page, server.roster, email);
  }

  const dialog = () => page.getByRole('dialog');
  const status = () => page.getByRole('status').last();
  const identityRow = (value: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: value, exact: true }) });

  beforeAll(async () => {
    server = await startServer({ usernameLookalikes: 'warn' });
    rosy = await createUser(server, {
      email: 'Rosy.Rose@example.com',
      emailVerified: true,
      username: 'RosyRose',
      givenName: 'Rosy',
      familyName: 'Rose',
    });
    bob = await createUser(server, { username: 'BuilderBob', givenName: 'Bob', familyName: 'Builder' });
    for (let i = 0; i < 25; i++) await createUser(server, { email: `filler.${i}@example.com`, givenName: `Filler${i}` });
    await addAdmin(admin);
    await addAdmin(reader, READ_SCOPES);
    browser = await launchChromium();
    page = browser.page;
    await watchCsp(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs the admin in and shows Users, newest first, with Next and Previous kept in the URL', async () => {
    await signIn(admin);
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    // The read-only admin was added last, so heads the list.
    await expect.poll(() => page.getByRole('row').nth(1).innerText()).toContain(reader);
    await lookAt(page, 'users');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/before=kp_/);
    const secondPage = await page.getByRole('row').nth(1).innerText();
    await page.reload();
    await page.getByRole('row').nth(1).waitFor();
    expect(await page.getByRole('row').nth(1).innerText()).toBe(secondPage);
    await page.goBack();
    await page.waitForURL(`${consoleUrl()}/users`);
    await page.getByRole('button', { name: 'Previous' }).waitFor();
    expect(await page.getByRole('button', { name: 'Previous' }).getAttribute('aria-disabled')).toBe('true');
    await expectNoCspViolations(page);
  });

  it('finds a user by their username typed in another case, and opens the profile', async () => {
    await page.getByLabel('Search users').fill('rosyrose');
    await page.waitForURL(/q=rosyrose/);
    await page.getByRole('link', { name: 'Rosy Rose' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rosy Rose' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Identities' }).waitFor();
    await identityRow('RosyRose').waitFor();
    await lookAt(page, 'profile');
  });

  it('says when nobody matches, and what to search by', async () => {
    await page.goto(`${consoleUrl()}/users?q=nobody-matches-this`);
    await page.getByRole('heading', { name: /No users match/ }).waitFor();
    await lookAt(page, 'users-no-results');
    await page.goto(`${consoleUrl()}/users/${rosy}`);
    await page.getByRole('heading', { level: 1, name: 'Rosy Rose' }).waitFor();
  });

  it('adds an email in the "Add identity" dialog', async () => {
    await page.getByRole('button', { name: 'Add identity' }).click();
    await dialog().getByRole('heading', { name: 'Add identity' }).waitFor();
    await lookAt(page, 'add-identity', { dialog: '[role="dialog"]' });
    await dialog().getByRole('radio', { name: 'Email' }).check();
    await dialog().getByRole('textbox', { name: 'Email' }).fill('Rosy.New@Example.com');
    await dialog().getByRole('checkbox', { name: 'Already verified' }).check();
    await dialog().getByRole('button', { name: 'Save' }).click();
    await identityRow('Rosy.New@Example.com').waitFor();
    await expect.poll(() => status().innerText()).toContain('Added Rosy.New@Example.com');
    const identities = await identitiesOf(server, rosy);
    expect(identities.find((i) => i.name === 'Rosy.New@Example.com')).toMatchObject({
      type: 'email',
      is_primary: false,
      is_confirmed: true,
    });
  });

  it('makes it primary from the three dots', async () => {
    await page.getByRole('button', { name: 'Actions for Rosy.New@Example.com' }).click();
    await page.getByRole('menu').waitFor();
    await lookAt(page, 'identity-menu', { dialog: '[role="menu"]' });
    await page.getByRole('menuitem', { name: 'Make primary' }).click();
    await expect.poll(() => status().innerText()).toContain('Rosy.New@Example.com is now the primary email');
    await identityRow('Rosy.New@Example.com').getByText('Primary').waitFor();
    expect((await getUser(server, rosy)).preferred_email).toBe('Rosy.New@Example.com');
  });

  it('deletes the old email after the confirmation, and focus comes back to the table', async () => {
    await page.getByRole('button', { name: 'Actions for Rosy.Rose@example.com' }).click();
    await page.getByRole('menuitem', { name: 'Delete identity' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByRole('heading', { name: 'Delete identity' }).waitFor();
    await lookAt(page, 'delete-identity', { dialog: '[role="alertdialog"]' });
    await confirm.getByRole('button', { name: 'Delete identity' }).click();
    await identityRow('Rosy.Rose@example.com').waitFor({ state: 'detached' });
    await expect.poll(() => status().innerText()).toContain('Deleted Rosy.Rose@example.com');
    expect((await identitiesOf(server, rosy)).map((i) => i.name)).not.toContain('Rosy.Rose@example.com');
    expect(await page.evaluate(() => document.activeElement?.closest('section')?.getAttribute('aria-labelledby'))).toBe(
      'identities-heading',
    );
  });

  it("refuses another user's username in another case in the dialog, writing nothing", async () => {
    const before = await identitiesOf(server, rosy);
    await page.getByRole('button', { name: 'Add identity' }).click();
    await dialog().getByRole('radio', { name: 'Username' }).check();
    await dialog().getByRole('textbox', { name: 'Username' }).fill('builderbob');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await dialog().getByText('This username is already in use.').waitFor();
    expect(await dialog().getByRole('textbox', { name: 'Username' }).getAttribute('aria-invalid')).toBe('true');
    await lookAt(page, 'add-identity-taken', { dialog: '[role="dialog"]' });
    expect(await identitiesOf(server, rosy)).toEqual(before);
  });

  it('explains an invalid phone number on the field', async () => {
    await dialog().getByRole('radio', { name: 'Phone' }).check();
    await dialog().getByRole('combobox', { name: 'Country' }).selectOption('AU');
    await dialog().getByRole('textbox', { name: 'Phone number' }).fill('0412');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await dialog().getByText("This isn't a valid phone number in Australia").waitFor();
  });

  it('adds a look-alike username and says what it looks like', async () => {
    await dialog().getByRole('radio', { name: 'Username' }).check();
    await dialog().getByRole('textbox', { name: 'Username' }).fill('Bui1derBob');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await dialog().waitFor({ state: 'detached' });
    await expect.poll(() => status().innerText()).toContain('looks like the existing username BuilderBob');
    await lookAt(page, 'profile-lookalike-warning');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    expect((await identitiesOf(server, rosy)).map((i) => i.name)).toContain('Bui1derBob');
  });

  it('replaces an identity in one step', async () => {
    await page.getByRole('button', { name: 'Actions for RosyRose' }).click();
    await page.getByRole('menuitem', { name: 'Replace identity' }).click();
    await dialog().getByRole('heading', { name: 'Replace identity' }).waitFor();
    await lookAt(page, 'replace-identity', { dialog: '[role="dialog"]' });
    await dialog().getByRole('textbox', { name: 'Username' }).fill('RosyRoseToo');
    await dialog().getByRole('button', { name: 'Replace' }).click();
    await identityRow('RosyRoseToo').waitFor();
    await identityRow('RosyRose').waitFor({ state: 'detached' });
    const usernames = (await identitiesOf(server, rosy)).filter((i) => i.type === 'username');
    expect(usernames.map((i) => [i.name, i.is_primary])).toEqual(expect.arrayContaining([['RosyRoseToo', true]]));
    expect(usernames.map((i) => i.name)).not.toContain('RosyRose');
  });

  it("keeps a user's last identity: Delete identity is disabled and says why", async () => {
    await page.goto(`${consoleUrl()}/users/${bob}`);
    await page.getByRole('heading', { level: 1, name: 'Bob Builder' }).waitFor();
    await page.getByRole('button', { name: 'Actions for BuilderBob' }).click();
    const item = page.getByRole('menuitem', { name: /Delete identity/ });
    expect(await item.getAttribute('aria-disabled')).toBe('true');
    await item.getByText("Their only identity can't be deleted").waitFor();
    await page.keyboard.press('Escape');
    expect(await identitiesOf(server, bob)).toHaveLength(1);
  });

  it('suspends and restores, each confirmed through the API', async () => {
    await page.getByRole('button', { name: 'Suspend' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Suspend' }).click();
    await page.getByRole('button', { name: 'Restore' }).waitFor();
    expect((await getUser(server, bob)).is_suspended).toBe(true);
    await lookAt(page, 'profile-suspended');
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('button', { name: 'Suspend' }).waitFor();
    expect((await getUser(server, bob)).is_suspended).toBe(false);
  });

  it('closes dialogs with Escape and gives focus back to the button that opened them', async () => {
    const edit = page.getByRole('button', { name: 'Edit' });
    await edit.click();
    await dialog().getByRole('heading', { name: 'Edit name' }).waitFor();
    // Looked at first: resizing the page between opening and closing re-renders the button that opened it.
    await lookAt(page, 'edit-name', { dialog: '[role="dialog"]' });
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    await edit.focus();
    await page.keyboard.press('Enter');
    await dialog().getByRole('heading', { name: 'Edit name' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    // The dialog hands focus back in the tick after it unmounts.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), { timeout: 5000 }).toBe('Edit');
  });

  it('signs a user out everywhere', async () => {
    await page.goto(`${consoleUrl()}/users/${rosy}?tab=sessions`);
    await page.getByRole('tab', { name: 'Sessions', selected: true }).waitFor();
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect.poll(() => status().innerText()).toContain('Signed Rosy Rose out everywhere');
    expect((await server.api('GET', `/api/v1/users/${rosy}/sessions`)).body.sessions).toEqual([]);
  });

  it("shows the admin's own live session", async () => {
    const me = (await server.api('GET', `/api/v1/users?email=${encodeURIComponent(admin)}`)).body.users[0].id as string;
    await page.goto(`${consoleUrl()}/users/${me}?tab=sessions`);
    await page.getByRole('cell', { name: 'Roster console' }).waitFor();
    await lookAt(page, 'sessions');
  });

  it('names the admin in the Activity tab', async () => {
    await page.goto(`${consoleUrl()}/users/${rosy}?tab=activity`);
    await page.getByRole('columnheader', { name: 'Who' }).waitFor();
    await page.getByRole('cell', { name: admin }).first().waitFor();
    await page.getByRole('cell', { name: 'Identity added' }).first().waitFor();
    await lookAt(page, 'activity');
  });

  it('shows "Try again" when the server cannot be reached, and recovers', async () => {
    await page.route('**/api/v1/**', (route) => route.abort('connectionrefused'));
    await page.goto(`${consoleUrl()}/users/${rosy}`);
    await page.getByRole('button', { name: 'Try again' }).waitFor({ timeout: 15_000 });
    await lookAt(page, 'network-error');
    await page.unroute('**/api/v1/**');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rosy Rose' }).waitFor();
  });

  it('deletes a user after a confirmation that names them', async () => {
    const doomed = await createUser(server, { email: randomEmail('doomed'), givenName: 'Dora', familyName: 'Doomed' });
    await page.goto(`${consoleUrl()}/users/${doomed}`);
    await page.getByRole('button', { name: 'Delete user' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByRole('heading', { name: 'Delete Dora Doomed?' }).waitFor();
    await lookAt(page, 'delete-user', { dialog: '[role="alertdialog"]' });
    await confirm.getByRole('button', { name: 'Delete user' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    expect((await server.api('GET', `/api/v1/user?id=${doomed}`)).status).toBe(404);
  });

  it('adds a user in the "Add user" dialog and opens their profile', async () => {
    await page.getByRole('button', { name: 'Add user' }).click();
    await dialog().getByRole('heading', { name: 'Add user' }).waitFor();
    await lookAt(page, 'add-user', { dialog: '[role="dialog"]' });
    await dialog().getByRole('textbox', { name: 'First name' }).fill('Nia');
    await dialog().getByRole('radio', { name: 'Phone' }).check();
    await dialog().getByRole('combobox', { name: 'Country' }).selectOption('AU');
    await dialog().getByRole('textbox', { name: 'Phone number' }).fill('0412 345 999');
    await dialog().getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nia' }).waitFor();
    await identityRow('+61412345999').waitFor();
    await expectAccessible(page);
  });

  it('shows an admin with only read scopes no write actions, and says why', async () => {
    await page.goto(`${server.url}/logout?redirect=${encodeURIComponent(consoleUrl())}`);
    await signIn(reader);
    await page.goto(`${consoleUrl()}/users/${rosy}`);
    await page.getByRole('heading', { level: 1, name: 'Rosy Rose' }).waitFor();
    for (const name of ['Add identity', 'Edit', 'Suspend', 'Sign out everywhere', 'Delete user'])
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Actions for/ }).count()).toBe(0);
    await page.getByText('Not available with your access').first().waitFor();
    await page.goto(`${consoleUrl()}/users`);
    expect(await page.getByRole('button', { name: 'Add user' }).count()).toBe(0);
    await lookAt(page, 'read-only');
  });
});
