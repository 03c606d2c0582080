import { createHash } from 'node:crypto';
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CLIENT_ID } from '../../src/services/console-client.js';
import { hasChromium, launchChromium, type TestBrowser } from '../support/browser.js';
import { expectAccessible, expectNoCspViolations, lookAt, signInWithPassword, watchCsp } from '../support/console.js';
import { makeUser } from '../support/pages.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';
import { randomEmail } from '../support/sign-in.js';

if (!hasChromium) console.warn('console sign-in: skipped, /usr/bin/chromium is missing (apt-get install -y chromium)');

/**
 * The console in Chromium before anyone is an admin: the signed-out start, the sign-in request it makes (PKCE S256),
 * a signed-in person who is not an admin, silent sign-in after a reload, and signing out.
 */
describe.skipIf(!hasChromium)(`console sign-in in Chromium (${ENGINE})`, () => {
  let server: TestServer;
  let browser: TestBrowser;
  const email = randomEmail('grace');
  const password = 'Compiler-Pioneer-1952';
  const authRequests: URL[] = [];

  beforeAll(async () => {
    server = await startServer();
    await makeUser(server.roster, { email, password, givenName: 'Grace', emailVerified: true });
    browser = await launchChromium();
    await watchCsp(browser.page);
    browser.page.on('request', (request: Request) => {
      const url = new URL(request.url());
      if (url.pathname === '/oauth2/auth') authRequests.push(url);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const consoleUrl = () => `${server.url}/admin`;

  it('arrives signed out: a silent check, then the start page with "Sign in"', async () => {
    const { page } = browser;
    await page.goto(`${consoleUrl()}/users?q=ann`);
    await page.getByRole('heading', { level: 1, name: 'Roster console' }).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const silent = authRequests.at(-1)!;
    expect(silent.searchParams.get('prompt')).toBe('none');
    // Back from the silent check on the page asked for, with the callback's code or error gone from the address.
    expect(page.url()).toBe(`${consoleUrl()}/users?q=ann`);
    await expectNoCspViolations(page);
    await lookAt(page, 'signed-out');
  });

  it('signs in with the authorization code flow and PKCE S256, as the console client', async () => {
    const { page } = browser;
    const [request] = await Promise.all([
      page.waitForRequest((r) => new URL(r.url()).pathname === '/oauth2/auth'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    const params = new URL(request.url()).searchParams;
    expect(Object.fromEntries(params)).toMatchObject({
      response_type: 'code',
      client_id: CONSOLE_CLIENT_ID,
      redirect_uri: `${consoleUrl()}/callback`,
      scope: 'openid profile email offline',
      audience: `${server.url}/api`,
      code_challenge_method: 'S256',
    });
    expect(params.has('prompt')).toBe(false);
    expect(params.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(params.get('nonce')).toMatch(/^[\w-]{20,}$/);
    // The verifier waits in sessionStorage for the callback, under the state; the challenge is its SHA-256.
    const verifier = await page.evaluate(
      (state) => JSON.parse(sessionStorage.getItem(`roster-console-sign-in:${state}`) ?? '{}').verifier,
      params.get('state'),
    );
    expect(verifier).toMatch(/^[\w-]{43}$/);
    expect(params.get('code_challenge')).toBe(createHash('sha256').update(verifier).digest('base64url'));
    await page.locator('form[action$="/auth/sign-in"]').waitFor();
  });

  it('shows a signed-in person who is not an admin that they have no access, on the page they asked for', async () => {
    const { page } = browser;
    await signInWithPassword(page, email, password);
    await page.getByRole('heading', { level: 1, name: "You don't have access to the console" }).waitFor();
    expect(page.url()).toBe(`${consoleUrl()}/users?q=ann`);
    await expect.poll(() => page.getByText(email).count()).toBeGreaterThan(0);
    const signOut = page.getByRole('link', { name: 'Sign out' });
    expect(await signOut.getAttribute('href')).toBe(`${server.url}/logout?redirect=${encodeURIComponent(consoleUrl())}`);
    await expectNoCspViolations(page);
    await lookAt(page, 'no-access');
  });

  it('keeps tokens out of storage and cookies that scripts can read', async () => {
    const stored = await browser.page.evaluate(() => ({
      local: { ...localStorage },
      session: { ...sessionStorage },
      cookies: document.cookie,
    }));
    expect(stored.local).toEqual({});
    expect(stored.session).toEqual({});
    expect(stored.cookies).not.toMatch(/eyJ/);
  });

  it('after a reload, signs in again silently from the session (prompt=none), without the sign-in page', async () => {
    const { page } = browser;
    const before = authRequests.length;
    await page.reload();
    await page.getByRole('heading', { level: 1, name: "You don't have access to the console" }).waitFor();
    const requests = authRequests.slice(before);
    expect(requests.map((r) => r.searchParams.get('prompt'))).toEqual(['none']);
    expect(page.url()).toBe(`${consoleUrl()}/users?q=ann`);
  });

  it('signs out through /logout and comes back to the start page', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin');
    await expectAccessible(page);
  });

  it('says why when the sign-in was refused, and offers to sign in again', async () => {
    const { page } = browser;
    await page.goto(`${consoleUrl()}/callback?state=unknown&error=access_denied`);
    await page.getByText('That sign-in had expired. Sign in again.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });
});
