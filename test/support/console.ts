import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Roster } from '../../src/services/context.js';
import { SCREENSHOTS, submitForm } from './browser.js';
import { lastOutboxMessage } from './pages.js';
import { ENGINE } from './roster.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Every page of the console reports the CSP violations it meets, so a test can insist there were none. */
export async function watchCsp(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __cspViolations: string[] }).__cspViolations = []);
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
}

export async function expectNoCspViolations(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])).toEqual([]);
}

/**
 * axe-core's serious and critical violations on the page (or inside `selector`, e.g. an open dialog). axe is evaluated
 * through the DevTools protocol, which the page's CSP does not govern, so the CSP under test stays as served.
 */
export async function expectAccessible(page: Page, selector?: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (context) => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: unknown,
            options: unknown,
          ): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(context ? { include: [context] } : document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }, selector ?? null);
  expect(violations, `axe on ${page.url()}${selector ? ` in ${selector}` : ''}`).toEqual([]);
}

export const WIDTHS = [1280, 390] as const;
export const SCHEMES = ['light', 'dark'] as const;

/**
 * Looks at a screen as people will: light and dark, 1280 and 390 px wide. Each is saved as
 * test-results/screenshots/<prefix>-<engine>-<name>-<scheme>-<width>.png (prefix `console` unless given), checked by
 * axe, and must not scroll sideways.
 */
export async function lookAt(page: Page, name: string, options: { dialog?: string; prefix?: string } = {}): Promise<void> {
  for (const width of WIDTHS) {
    for (const colorScheme of SCHEMES) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.emulateMedia({ colorScheme });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${name} at ${width} px scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
      await page.screenshot({
        path: join(SCREENSHOTS, `${options.prefix ?? 'console'}-${ENGINE}-${name}-${colorScheme}-${width}.png`),
        fullPage: !options.dialog,
      });
      await expectAccessible(page, options.dialog);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
}

/** On Roster's hosted sign-in page: types the identifier and continues to the page of what it can do. */
export async function continueAs(page: Page, identifier: string): Promise<void> {
  const form = page.locator('form[action$="/auth/sign-in"]');
  await form.waitFor();
  await form.locator('input[name="identifier"]').fill(identifier);
  await submitForm(form);
}

/** Signs in on Roster's hosted page with a password (the browser is on the sign-in page or on its way). */
export async function signInWithPassword(page: Page, identifier: string, password: string): Promise<void> {
  await continueAs(page, identifier);
  const form = page.locator('form[action$="/auth/sign-in/password"]');
  await form.waitFor();
  await form.locator('input[name="password"]').fill(password);
  await submitForm(form);
}

/** Signs in on Roster's hosted page with a code sent to this email (read from the outbox). */
export async function signInWithCode(page: Page, roster: Roster, email: string): Promise<void> {
  const before = (await lastOutboxMessage(roster, email))?.id;
  await continueAs(page, email);
  const form = page.locator('form[action$="/auth/sign-in/code"]');
  await form.waitFor();
  await submitForm(form);
  const verify = page.locator('form[action$="/auth/verify"]');
  await verify.waitFor();
  let message;
  await expect.poll(async () => (message = await lastOutboxMessage(roster, email))?.id !== before, { timeout: 10_000 }).toBe(true);
  await verify.locator('input[name="code"]').fill(/(?<!\d)\d{6}(?!\d)/.exec(message!.body)![0]);
  await submitForm(verify);
}
