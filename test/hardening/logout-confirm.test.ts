import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication } from '../../src/services/applications.js';
import { startSession } from '../../src/services/sessions.js';
import { REDIRECT_URI, signInThrough, useTokenServer } from '../oauth/token-support.js';
import { hasChromium, launchChromium, SCREENSHOTS, type TestBrowser } from '../support/browser.js';
import { expectAccessible, SCHEMES, WIDTHS } from '../support/console.js';
import { ENGINE } from '../support/roster.js';

const SIGNED_OUT = 'http://localhost:3999/signed-out';

/**
 * `GET /logout?all_sessions=true` ends every session of a person only when the request is known to come from the
 * application: an ID token hint naming the signed-in person, or a navigation from this site. Otherwise the person is
 * asked, on a page with a CSRF-protected form, and nothing ends until they answer.
 */
describe(`signing out everywhere from another site asks first (${ENGINE})`, () => {
  const { server, apps } = useTokenServer();
  let logoutClient: string;
  beforeAll(async () => {
    const app = await createApplication(server.roster, {
      type: 'web',
      name: 'logout app',
      redirect_uris: [REDIRECT_URI],
      logout_uris: [SIGNED_OUT],
    });
    logoutClient = app.client_id;
  });

  /** A person signed in in two browsers: the first's cookie, an ID token for them, and a count of their live sessions. */
  async function personInTwoBrowsers() {
    const { user, tokens } = await signInThrough(server, apps.web);
    await startSession(server.roster.database.db, { userId: user.userId, identityId: null });
    const live = async () =>
      (
        await server.roster.database.db
          .selectFrom('sessions')
          .select('id')
          .where('user_id', '=', user.userId)
          .where('ended_on', 'is', null)
          .execute()
      ).length;
    expect(await live()).toBe(2);
    return { cookie: `roster_session=${user.sessionToken}`, idToken: tokens.id_token!, live };
  }

  const logout = (query: string, headers: Record<string, string>) =>
    fetch(`${server.url}/logout?${query}`, { redirect: 'manual', headers });

  it.each([
    ['a link on another site', { 'sec-fetch-site': 'cross-site' }, ''],
    ['a client that sends no Sec-Fetch-Site', {}, ''],
    ['an address typed in', { 'sec-fetch-site': 'none' }, ''],
    ['an id_token_hint of another person', { 'sec-fetch-site': 'cross-site' }, 'other'],
  ])('%s: a confirmation page, and every session still live', async (_name, headers, hint) => {
    const person = await personInTwoBrowsers();
    const other = hint ? (await signInThrough(server, apps.web)).tokens.id_token! : undefined;
    const answer = await logout(`all_sessions=true${other ? `&id_token_hint=${other}` : ''}`, { ...headers, cookie: person.cookie });
    expect(answer.status).toBe(200);
    const page = await answer.text();
    expect(page).toContain('<title>Sign out everywhere?');
    expect(page).toMatch(/<form method="post" action="\/auth\/sign-out-everywhere">/);
    expect(page).toMatch(/name="csrf" value="[A-Za-z0-9_-]{43}"/);
    expect(answer.headers.getSetCookie().some((c) => c.startsWith('roster_session=;'))).toBe(false);
    expect(await person.live()).toBe(2);
  });

  it.each([
    ['an id_token_hint naming the signed-in person', { 'sec-fetch-site': 'cross-site' }, true],
    ['a navigation from this site', { 'sec-fetch-site': 'same-origin' }, false],
    ['a navigation from a sibling subdomain', { 'sec-fetch-site': 'same-site' }, false],
  ])('%s: every session ends at once', async (_name, headers, withHint) => {
    const person = await personInTwoBrowsers();
    const hint = withHint ? `&id_token_hint=${person.idToken}` : '';
    const answer = await logout(`all_sessions=true${hint}&redirect=${SIGNED_OUT}&client_id=${logoutClient}`, {
      ...headers,
      cookie: person.cookie,
    });
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe(SIGNED_OUT);
    expect(await person.live()).toBe(0);
  });

  describe('the confirmation form', () => {
    async function confirmation() {
      const person = await personInTwoBrowsers();
      const answer = await logout(`all_sessions=true&redirect=${SIGNED_OUT}&client_id=${logoutClient}`, { cookie: person.cookie });
      const page = await answer.text();
      const csrfCookie = answer.headers
        .getSetCookie()
        .find((c) => c.startsWith('roster_csrf='))!
        .split(';')[0]!;
      const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)![1]!.replaceAll('&amp;', '&');
      const post = (fields: Record<string, string>, cookie = `${person.cookie}; ${csrfCookie}`) =>
        fetch(`${server.url}/auth/sign-out-everywhere`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
          body: new URLSearchParams(fields),
        });
      return { person, post, csrf: field('csrf'), query: field('logout') };
    }

    it('"Sign out everywhere" ends every session and returns to the application', async () => {
      const { person, post, csrf, query } = await confirmation();
      const answer = await post({ csrf, logout: query, everywhere: 'yes' });
      expect(answer.status).toBe(302);
      expect(answer.headers.get('location')).toBe(SIGNED_OUT);
      expect(await person.live()).toBe(0);
    });

    it('"Only sign out of this browser" ends this session alone', async () => {
      const { person, post, csrf, query } = await confirmation();
      expect((await post({ csrf, logout: query, everywhere: 'no' })).status).toBe(302);
      expect(await person.live()).toBe(1);
    });

    it('a post without the form’s token, or from another site, is refused and ends nothing', async () => {
      const { person, post, csrf, query } = await confirmation();
      expect((await post({ csrf: 'x'.repeat(43), logout: query, everywhere: 'yes' })).status).toBe(403);
      expect((await post({ csrf, logout: query, everywhere: 'yes' }, person.cookie)).status).toBe(403);
      expect(await person.live()).toBe(2);
    });
  });

  describe.skipIf(!hasChromium)('in Chromium', () => {
    let browser: TestBrowser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => browser?.close());

    it('the page at 1280 and 390 px, light and dark, passes axe; its first button signs out everywhere', async () => {
      const person = await personInTwoBrowsers();
      const value = person.cookie.split('=')[1]!;
      await browser.context.addCookies([{ name: 'roster_session', value, url: server.url }]);
      const { page } = browser;
      await page.goto(`${server.url}/logout?all_sessions=true`);
      await page.getByRole('heading', { name: 'Sign out everywhere?' }).waitFor();
      for (const width of WIDTHS) {
        for (const colorScheme of SCHEMES) {
          await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
          await page.emulateMedia({ colorScheme });
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow).toBeLessThanOrEqual(0);
          await page.screenshot({ path: join(SCREENSHOTS, `logout-confirm-${ENGINE}-${colorScheme}-${width}.png`), fullPage: true });
          await expectAccessible(page);
        }
      }
      expect(await person.live()).toBe(2);
      await page.getByRole('button', { name: 'Sign out everywhere' }).click();
      await page.getByRole('heading', { name: 'You are signed out' }).waitFor();
      expect(await person.live()).toBe(0);
    });
  });
});
