import { createServer, type Server } from 'node:http';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, submitForm, type TestBrowser } from '../support/browser.js';
import { ENGINE, freePort } from '../support/roster.js';
import { authorizeUrl, randomEmail, redeem, useSignInServer, type ClientApp } from '../support/sign-in.js';

if (!hasChromium) console.warn('browser-sign-in: skipped, /usr/bin/chromium is missing (apt-get install -y chromium)');

/**
 * A person in Chromium: signs up on the hosted pages (with the code from the outbox), lands on the app's callback,
 * signs out, signs in again with the password, and signs out. The app is a small HTTP server that records callbacks.
 */
describe.skipIf(!hasChromium)(`sign-up and sign-in in Chromium (${ENGINE})`, () => {
  const server = useSignInServer('browser');
  const seen: URL[] = [];
  let app: Server;
  let appUrl: string;
  let web: ClientApp;
  let browser: TestBrowser;

  beforeAll(async () => {
    const port = await freePort();
    appUrl = `http://127.0.0.1:${port}`;
    app = createServer((request, response) => {
      seen.push(new URL(request.url!, appUrl));
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><title>App</title><h1>App: ${request.url!.split('?')[0]}</h1>`);
    });
    await new Promise<void>((resolve) => app.listen(port, '127.0.0.1', resolve));
    web = await server.app({
      type: 'web',
      name: 'Browser app',
      redirectUris: [`${appUrl}/callback`],
      logoutUris: [`${appUrl}/signed-out`],
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => app?.close(resolve));
  });

  const shot = (name: string) => browser.screenshot(`${ENGINE}-${name}`);
  const lastCallback = () => seen.filter((u) => u.pathname === '/callback').at(-1)!;

  /** The browser is on the app's callback with a code for this state; the code redeems to this user's tokens. */
  async function landedOnCallback(state: string, email: string) {
    await browser.page.waitForURL((url) => url.toString().startsWith(`${appUrl}/callback?`));
    const callback = lastCallback();
    expect(callback.searchParams.get('state')).toBe(state);
    const tokens = await redeem(server.url, web, callback.toString(), `${appUrl}/callback`);
    expect(decodeJwt(tokens.id_token)).toMatchObject({ email, email_verified: true, aud: [web.client_id] });
  }

  async function signOut(step: string) {
    await browser.page.goto(`${server.url}/logout?redirect=${encodeURIComponent(`${appUrl}/signed-out`)}`);
    await browser.page.waitForURL(`${appUrl}/signed-out`);
    await shot(step);
  }

  it('signs up with a code, signs out, signs in with the password, signs out', async () => {
    try {
      await journey();
    } catch (error) {
      await shot('failure').catch(() => {});
      const text = await browser.page
        .locator('body')
        .innerText()
        .catch(() => '');
      throw new Error(
        `${error instanceof Error ? error.message : error}\nThe browser was on ${browser.page.url()}:\n${text.slice(0, 1000)}`,
        { cause: error },
      );
    }
  });

  async function journey() {
    const { page } = browser;
    const email = randomEmail('hedy');
    const password = 'Frequency-Hopping-1942';

    await page.goto(
      authorizeUrl(server.url, { clientId: web.client_id, redirectUri: `${appUrl}/callback`, prompt: 'create', state: 'sign-up' }),
    );
    const signUp = page.locator('form[action$="/auth/sign-up"]');
    await signUp.waitFor();
    await shot('01-sign-up');
    const since = new Date().toISOString();
    await signUp.locator('input[name="email"]').fill(email);
    await signUp.locator('input[name="given_name"]').fill('Hedy');
    await signUp.locator('input[name="family_name"]').fill('Lamarr');
    await signUp.locator('input[name="password"]').fill(password);
    await submitForm(signUp);

    const verify = page.locator('form[action$="/auth/verify"]');
    await verify.waitFor();
    await shot('02-verify-code');
    await verify.locator('input[name="code"]').fill(await server.codeFor(email, since));
    await submitForm(verify);
    await landedOnCallback('sign-up', email);
    await shot('03-callback-after-sign-up');

    await page.goto(`${server.url}/auth/signed-in`);
    await expect.poll(() => page.content()).toContain(email);
    expect(await page.locator('a[href*="/logout"]').count()).toBeGreaterThan(0);
    await shot('04-signed-in');
    await signOut('05-signed-out');

    await page.goto(authorizeUrl(server.url, { clientId: web.client_id, redirectUri: `${appUrl}/callback`, state: 'sign-in' }));
    const identify = page.locator('form[action$="/auth/sign-in"]');
    await identify.waitFor();
    await shot('06-sign-in');
    await identify.locator('input[name="identifier"]').fill(email);
    await submitForm(identify);
    const signIn = page.locator('form[action$="/auth/sign-in/password"]');
    await signIn.waitFor();
    await shot('06b-sign-in-password');
    await signIn.locator('input[name="password"]').fill(password);
    await submitForm(signIn);
    await landedOnCallback('sign-in', email);
    await shot('07-callback-after-sign-in');
    await signOut('08-signed-out-again');

    // Signed out for real: a silent request now comes back with login_required.
    await page.goto(
      authorizeUrl(server.url, { clientId: web.client_id, redirectUri: `${appUrl}/callback`, prompt: 'none', state: 'silent' }),
    );
    await page.waitForURL((url) => url.toString().startsWith(`${appUrl}/callback?`));
    expect(Object.fromEntries(lastCallback().searchParams)).toMatchObject({ error: 'login_required', state: 'silent' });
  }
});
