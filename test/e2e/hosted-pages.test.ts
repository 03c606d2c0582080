import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../../src/services/applications.js';
import { hasChromium, launchChromium, submitForm, type TestBrowser } from '../support/browser.js';
import { lookAt } from '../support/console.js';
import { lastOutboxMessage, makeUser } from '../support/pages.js';
import { ENGINE, freePort, startServer, type TestServer } from '../support/roster.js';

if (!hasChromium) console.warn('hosted-pages: skipped, /usr/bin/chromium is missing (apt-get install -y chromium)');

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40"><rect width="40" height="40" rx="8" fill="#0b6e4f"/><path d="M10 28 L20 10 L30 28 Z" fill="#fff"/></svg>`;
const PASSWORD = 'Sunflower-Seeds-2026';

/**
 * The hosted pages in Chromium with JavaScript switched off, as the pages promise to work: each step of signing in,
 * the code page, Send a new code, forgot password, sign-up errors and the signed-out page, with an application's name,
 * logo and accent. Every page is looked at in light and dark, 1280 and 390 px wide, and checked by axe.
 */
describe.skipIf(!hasChromium)(`the hosted pages in Chromium without JavaScript (${ENGINE})`, () => {
  let server: TestServer;
  let browser: TestBrowser;
  /** Where each page is looked at: axe needs script, so each page the script-less browser reached is shown here as it was. */
  let viewer: TestBrowser;
  let logos: Server;
  let app: Application;
  let request: string;
  let callback: string;

  beforeAll(async () => {
    server = await startServer();
    const port = await freePort();
    // The application: its logo, and the callback a finished sign-in returns to.
    logos = createServer((incoming, response) => {
      if (incoming.url!.startsWith('/logo.svg')) {
        response.writeHead(200, { 'content-type': 'image/svg+xml' });
        return response.end(LOGO);
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><title>Garden Club</title><h1>Garden Club</h1>');
    });
    await new Promise<void>((resolve) => logos.listen(port, '127.0.0.1', resolve));
    callback = `http://127.0.0.1:${port}/garden/callback`;
    app = await createApplication(server.roster, {
      type: 'spa',
      name: 'Garden Club',
      redirect_uris: [callback],
      logo_url: `http://127.0.0.1:${port}/logo.svg`,
      accent_color: '#0b6e4f',
    });
    await makeUser(server.roster, { email: 'rose@example.com', password: PASSWORD, givenName: 'Rose' });
    browser = await launchChromium({ javaScriptEnabled: false });
    viewer = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await viewer?.close();
    await new Promise((resolve) => logos?.close(resolve));
    await server?.close();
  });

  /** Screenshots (light and dark, 1280 and 390 px) and axe, of the page as the script-less browser has it now. */
  async function look(name: string): Promise<void> {
    // The same markup in a blank document of the application's origin, with Roster as its base: stylesheets and the
    // logo load as on the real page, and the page's own policy (which admits only its files) stays out of the way.
    const html = (await browser.page.content()).replace('<head>', `<head><base href="${server.url}/">`);
    await viewer.page.goto(new URL('/blank', callback).toString());
    await viewer.page.setContent(html, { waitUntil: 'load' });
    const images = await viewer.page.evaluate(() => [...document.images].map((image) => `${image.src} ${image.naturalWidth}`));
    expect(
      images.every((image) => !image.endsWith(' 0')),
      `images that did not load: ${images.join(', ')}`,
    ).toBe(true);
    await lookAt(viewer.page, name, { prefix: 'pages' });
  }
  const form = (action: string) => browser.page.locator(`form[action="${action}"]`);

  /** A fresh authorization request from the application, so the pages know whom they are signing in to. */
  async function startSignIn(): Promise<void> {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: app.client_id,
      redirect_uri: callback,
      scope: 'openid',
      state: 'garden',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    });
    await browser.page.goto(`${server.url}/oauth2/auth?${query}`);
    await form('/auth/sign-in').waitFor();
    request = new URL(browser.page.url()).searchParams.get('request')!;
  }

  it('asks for the identifier first, under the application’s name and logo, with Create account in view on a phone', async () => {
    await startSignIn();
    const { page } = browser;
    expect(await page.locator('.brand-name').innerText()).toBe('Garden Club');
    expect(await page.locator('.brand-logo').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await page.getByLabel('Email, phone or username').count()).toBe(1);
    const accent = await page.locator('form[action="/auth/sign-in"] button').evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(accent).toBe('rgb(11, 110, 79)');
    await page.setViewportSize({ width: 390, height: 844 });
    const create = page.getByRole('link', { name: 'Create account' });
    const box = (await create.boundingBox())!;
    expect(box.y + box.height, 'Create account is below the fold at 390×844').toBeLessThanOrEqual(844);
    await look('01-identifier');
  });

  it('shows the password or a code next, and refuses a wrong password on that page', async () => {
    const { page } = browser;
    await page.getByLabel('Email, phone or username').fill('rose@example.com');
    await submitForm(form('/auth/sign-in'));
    await form('/auth/sign-in/password').waitFor();
    expect(new URL(page.url()).pathname).toBe('/auth/sign-in/continue');
    expect(await page.getByRole('button', { name: 'Email me a code' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Use a different email' }).count()).toBe(1);
    await look('02-password-or-code');
    await page.getByLabel('Password').fill('not the password');
    await submitForm(form('/auth/sign-in/password'));
    await page.locator('.error-summary').waitFor();
    await look('03-wrong-password');
  });

  it('sends a code, lands on the code page by a redirect, and sends a new one when asked', async () => {
    const { page } = browser;
    const before = (await lastOutboxMessage(server.roster, 'rose@example.com'))?.id;
    await submitForm(form('/auth/sign-in/code'));
    await form('/auth/verify').waitFor();
    expect(new URL(page.url()).pathname).toBe('/auth/verify');
    const first = await lastOutboxMessage(server.roster, 'rose@example.com');
    expect(first?.id).not.toBe(before);
    await page.reload();
    await form('/auth/verify').waitFor();
    expect((await lastOutboxMessage(server.roster, 'rose@example.com'))?.id).toBe(first?.id);
    await look('04-code');
    await page.getByLabel('Code').fill('000000');
    await submitForm(form('/auth/verify'));
    await page.locator('.error-summary').waitFor();
    await look('05-wrong-code');
    await page.getByRole('button', { name: 'Send a new code' }).click();
    await page.getByText('We have sent a new code').waitFor();
    expect((await lastOutboxMessage(server.roster, 'rose@example.com'))?.id).not.toBe(first?.id);
    await look('06-new-code-sent');
  });

  it('resets a forgotten password with a code, and signs in with the new one', async () => {
    const { page } = browser;
    await startSignIn();
    await page.getByLabel('Email, phone or username').fill('rose@example.com');
    await submitForm(form('/auth/sign-in'));
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await form('/auth/password-reset').waitFor();
    await look('07-forgot-password');
    await submitForm(form('/auth/password-reset'));
    await form('/auth/verify').waitFor();
    await page.getByLabel('Code').fill('12');
    await page.getByLabel('New password').fill('short');
    await submitForm(form('/auth/verify'));
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary li').count()).toBe(2);
    await look('08-reset-errors');
    const message = (await lastOutboxMessage(server.roster, 'rose@example.com'))!;
    expect(message.subject).toBe('Your password reset code');
    await page.getByLabel('Code').fill(/(?<!\d)\d{6}(?!\d)/.exec(message.body)![0]);
    await page.getByLabel('New password').fill('Sunflower-Seeds-2027');
    await submitForm(form('/auth/verify'));
    // Signed in: the application's request resumes and the browser returns to it with a code.
    await page.waitForURL((url) => url.toString().startsWith(`${callback}?`));
    expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();
    expect(request).toBeTruthy();
  });

  it('reports every sign-up problem at once, in plain words', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/auth/sign-up`);
    await page.getByLabel('Email').fill('x@');
    await page.getByLabel('Password (optional)').fill('short');
    await submitForm(form('/auth/sign-up'));
    await page.locator('.error-summary').waitFor();
    const problems = await page.locator('.error-summary li').allInnerTexts();
    expect(problems).toEqual(['Enter an email address like name@example.com', 'Use at least 8 characters']);
    await look('09-sign-up-errors');
  });

  it('gives a phone number a country from a list, and offers a text message for it', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/auth/sign-in`);
    await page.getByLabel('Email, phone or username').fill('07911 123456');
    await page.getByLabel('Country of your phone number').selectOption('GB');
    await submitForm(form('/auth/sign-in'));
    await page.getByRole('button', { name: 'Text me a code' }).waitFor();
    expect(await page.getByText('+447911123456').count()).toBe(1);
    await look('10-phone');
  });

  it('says goodbye and reports a broken link in the same look', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/logout?client_id=${app.client_id}`);
    await page.getByRole('heading', { name: 'You are signed out' }).waitFor();
    expect(await page.locator('.brand-name').innerText()).toBe('Garden Club');
    await look('11-signed-out');
    await page.goto(`${server.url}/oauth2/auth?response_type=code&client_id=nobody`);
    await page.getByRole('heading', { name: 'This sign-in link does not work' }).waitFor();
    expect(await page.locator('link[href="/auth/theme.css"]').count()).toBe(1);
    await look('12-broken-link');
  });
});
