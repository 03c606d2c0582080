import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, SCREENSHOTS, type TestBrowser } from '../support/browser.js';
import { expectAccessible } from '../support/console.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

describe.skipIf(!hasChromium)(`the page at / (${ENGINE})`, () => {
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

  it('answers HTML, not a JSON 404, with the hosted pages’ layout and theme', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const text = await response.text();
    expect(text).toMatch(/<link rel="stylesheet" href="\/auth\/theme\.css"/);
    expect(text).toContain('<main class="card">');
  });

  it('links to the console, the API docs, the discovery document and the health check, each of which answers', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    expect(await page.title()).toBe('Roster');
    const links = await page.locator('main a').evaluateAll((anchors) => anchors.map((a) => [a.textContent, a.getAttribute('href')]));
    expect(links).toEqual([
      ['Admin console', '/admin'],
      ['Management API documentation', '/api/docs'],
      ['OpenID Connect discovery document', '/.well-known/openid-configuration'],
      ['Health check', '/healthz'],
    ]);
    for (const [, href] of links) expect((await fetch(`${server.url}${href}`)).status, href!).toBe(200);
    await page.getByRole('link', { name: 'Health check' }).click();
    expect(await page.locator('body').textContent()).toContain('"status":"ok"');
  });

  it('reads well light and dark, at 1280 and 390 px, and passes axe', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/`);
    for (const width of [1280, 390]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        await page.emulateMedia({ colorScheme });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `sideways scroll at ${width} px`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(SCREENSHOTS, `home-${ENGINE}-${colorScheme}-${width}.png`), fullPage: true });
        await expectAccessible(page);
      }
    }
  });
});
