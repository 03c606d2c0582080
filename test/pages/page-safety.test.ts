import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { SESSION_COOKIE } from '../../src/http/cookies.js';
import { Browser, continueAs, hiddenInputs, inputValue, makeUser, openSignIn } from '../support/pages.js';
import { startRoster, startServer, type TestServer } from '../support/roster.js';

let server: TestServer;
const themeDir = mkdtempSync(join(tmpdir(), 'roster-theme-'));
const themeFile = join(themeDir, 'brand.css');
writeFileSync(themeFile, ':root { --roster-accent: #ff0066; }\n');

beforeAll(async () => {
  server = await startServer({ themeCss: themeFile });
  await makeUser(server.roster, { email: 'csrf@example.com', password: 'a long enough password' });
});
afterAll(async () => {
  await server?.close();
});

const credentials = { identifier: 'csrf@example.com', password: 'a long enough password' };
const stylesheets = (text: string) => [...text.matchAll(/<link rel="stylesheet" href="([^"]+)"\s*\/?>/g)].map((m) => m[1]);

describe('CSRF', () => {
  it('accepts the token the page handed out, with or without our own Origin', async () => {
    const browser = new Browser(server.url);
    const start = await openSignIn(browser);
    expect(browser.cookies.get('roster_csrf')).toBe(hiddenInputs(start.text, '/auth/sign-in').csrf);
    expect(start.headers.getSetCookie().find((c) => c.startsWith('roster_csrf='))).toMatch(/Path=\/auth; HttpOnly; SameSite=Lax/);
    const page = await browser.submit(start, '/auth/sign-in', { identifier: credentials.identifier }, { origin: server.url });
    expect(page.status).toBe(200);
    expect(hiddenInputs(page.text, '/auth/sign-in/password').csrf).toBe(browser.cookies.get('roster_csrf'));
    const response = await browser.submit(page, '/auth/sign-in/password', { password: credentials.password }, { origin: server.url });
    expect(response.status).toBe(303);
  });

  it('refuses a post without the token, with a wrong one, without the cookie, or from another site', async () => {
    const browser = new Browser(server.url);
    const page = await continueAs(browser, credentials.identifier);
    const hidden = hiddenInputs(page.text, '/auth/sign-in/password');
    const attempts = [
      await browser.post('/auth/sign-in', { identifier: credentials.identifier, csrf: 'x'.repeat(43) }),
      await browser.post('/auth/password-reset', { identifier: credentials.identifier, csrf: 'nope' }),
      await browser.post('/auth/verify/resend', { challenge: `otc_${'0'.repeat(32)}` }),
      await browser.post('/auth/sign-in/password', { ...credentials, request: '' }),
      await browser.post('/auth/sign-in/password', { ...credentials, csrf: 'x'.repeat(43) }),
      await new Browser(server.url).post('/auth/sign-in/password', { ...credentials, csrf: hidden.csrf! }),
      await browser.submit(page, '/auth/sign-in/password', credentials, { origin: 'https://evil.example' }),
      await browser.submit(page, '/auth/sign-in/password', credentials, { origin: 'null' }),
      await browser.submit(page, '/auth/sign-in/password', credentials, { 'sec-fetch-site': 'cross-site' }),
      await browser.submit(page, '/auth/sign-in/code', {}, { origin: 'https://evil.example' }),
      await browser.post('/auth/sign-up', { email: 'x@example.com', csrf: 'nope' }),
      await browser.post('/auth/verify', { code: '123456', challenge: `otc_${'0'.repeat(32)}` }),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(403);
      expect(response.text).toContain('This form has expired or was sent from another site');
    }
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
  });
});

describe('the pages', () => {
  it('send headers that keep them out of caches and frames and forbid inline script', async () => {
    const page = await new Browser(server.url).get('/auth/sign-in');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.text).not.toMatch(/<script/i);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    // Under no-referrer, browsers post our own forms with `Origin: null`, which the CSRF check must refuse.
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('serve the default theme and then the operator’s CSS', async () => {
    const page = await new Browser(server.url).get('/auth/sign-in');
    expect(stylesheets(page.text)).toEqual(['/auth/theme.css', '/auth/custom.css']);
    const theme = await fetch(`${server.url}/auth/theme.css`);
    expect(theme.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await theme.text()).toContain('--roster-accent:');
    expect(await (await fetch(`${server.url}/auth/custom.css`)).text()).toContain('#ff0066');
  });

  it('outside /auth too: the signed-out page and a broken sign-in link carry the theme, the operator’s CSS and the headers', async () => {
    const pages = [
      { path: '/logout', status: 200, title: 'You are signed out' },
      { path: '/oauth2/auth?response_type=code&client_id=nobody', status: 400, title: 'This sign-in link does not work' },
    ];
    for (const { path, status, title } of pages) {
      const page = await new Browser(server.url).get(path);
      expect(page.status, path).toBe(status);
      expect(page.text).toContain(`<h1>${title}</h1>`);
      expect(stylesheets(page.text), path).toEqual(['/auth/theme.css', '/auth/custom.css']);
      expect(page.text).not.toMatch(/<script|<style| style=/i);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('content-security-policy')).toContain("style-src 'self'");
      expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    }
  });

  it('refuse to start with a theme file that cannot be read', async () => {
    const test = await startRoster({ themeCss: join(themeDir, 'missing.css') });
    try {
      await expect(buildApp(test.roster, { logger: false })).rejects.toThrow(/ROSTER_THEME_CSS: cannot read .*missing\.css \(ENOENT\)/);
    } finally {
      await test.close();
    }
  });

  it('prefill the forms from login_hint', async () => {
    const email = await new Browser(server.url).get(`/auth/sign-in?request=r1&login_hint=${encodeURIComponent('joe@blogs.com')}`);
    expect(inputValue(email.text, '/auth/sign-in', 'identifier')).toBe('joe@blogs.com');
    const phone = await new Browser(server.url).get(`/auth/sign-in?request=r1&login_hint=${encodeURIComponent('phone:+447700900000:gb')}`);
    expect(inputValue(phone.text, '/auth/sign-in', 'identifier')).toBe('+447700900000');
    expect(phone.text).toMatch(/<option value="GB"\s+selected>United Kingdom \(\+44\)<\/option>/);
    const username = await new Browser(server.url).get(`/auth/sign-in?login_hint=${encodeURIComponent('username:joebloggs')}`);
    expect(inputValue(username.text, '/auth/sign-in', 'identifier')).toBe('joebloggs');
    const signUp = await new Browser(server.url).get(`/auth/sign-up?request=r1&login_hint=${encodeURIComponent('joe@blogs.com')}`);
    expect(inputValue(signUp.text, '/auth/sign-up', 'email')).toBe('joe@blogs.com');
    expect(inputValue(signUp.text, '/auth/sign-up', 'request')).toBe('r1');
  });

  it('escape everything they echo', async () => {
    const hint = '"><script>alert(1)</script>@x.com';
    const page = await new Browser(server.url).get(`/auth/sign-in?login_hint=${encodeURIComponent(hint)}`);
    expect(page.text).not.toContain('<script>');
    expect(page.text).toContain('&quot;&gt;&lt;script&gt;');
    expect(inputValue(page.text, '/auth/sign-in', 'identifier')).toBe(hint);
  });

  it('refuse a malformed request id with a 400 page', async () => {
    const page = await new Browser(server.url).get('/auth/sign-in?request=%22%3E%3Cb%3E');
    expect(page.status).toBe(400);
    expect(page.text).toContain('This sign-in link is broken');
    expect(page.text).not.toContain('<b>');
  });

  it('answer an unreadable body with a 4xx page, never a 500', async () => {
    const browser = new Browser(server.url);
    await openSignIn(browser);
    const json = await fetch(`${server.url}/auth/sign-in/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{bad',
    });
    expect(json.status).toBe(400);
    const multipart = await fetch(`${server.url}/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x--',
    });
    expect(multipart.status).toBe(415);
    expect(multipart.headers.get('content-type')).toMatch(/^text\/html/);
    const repeated = await browser.post('/auth/sign-in/password', { identifier: 'a' });
    expect(repeated.status).toBe(403);
  });
});

describe('accessibility of the HTML', () => {
  const pages = async () => {
    const browser = new Browser(server.url);
    const signIn = await openSignIn(browser, '?request=r2');
    const signInError = await browser.submit(signIn, '/auth/sign-in', { identifier: '' });
    const methods = await browser.submit(signIn, '/auth/sign-in', { identifier: 'csrf@example.com' });
    const passwordError = await browser.submit(methods, '/auth/sign-in/password', { password: '' });
    const reset = await browser.get('/auth/password-reset?request=r2');
    const resetError = await browser.submit(reset, '/auth/password-reset', { identifier: 'x@' });
    const signUp = await browser.get('/auth/sign-up?request=r2');
    const signUpError = await browser.submit(signUp, '/auth/sign-up', { email: 'bad', given_name: '', family_name: '', password: 'short' });
    const verify = await browser.submit(methods, '/auth/sign-in/code', {});
    const verifyError = await browser.submit(verify, '/auth/verify', { code: 'abc' });
    const resetCode = await browser.submit(reset, '/auth/password-reset', { identifier: 'csrf@example.com' });
    const resetCodeError = await browser.submit(resetCode, '/auth/verify', { code: 'abc', password: 'short' });
    const signedIn = await browser.get('/auth/signed-in');
    return {
      signIn,
      signInError,
      methods,
      passwordError,
      reset,
      resetError,
      signUp,
      signUpError,
      verify,
      verifyError,
      resetCode,
      resetCodeError,
      signedIn,
    };
  };

  it('labels every input, marks autocomplete, has one h1 and a language', async () => {
    for (const [name, page] of Object.entries(await pages())) {
      const text = page.text;
      expect(text, name).toMatch(/^<!doctype html><html lang="en">/);
      expect(text.match(/<h1[ >]/g), name).toHaveLength(1);
      for (const input of text.matchAll(/<(?:input|select)\b[^>]*>/g)) {
        if (/type="hidden"/.test(input[0])) continue;
        const id = /id="([^"]+)"/.exec(input[0])?.[1];
        expect(id, `${name}: ${input[0]}`).toBeDefined();
        expect(text, `${name}: no label for ${id}`).toContain(`<label for="${id}">`);
        expect(input[0], name).toMatch(
          /autocomplete="(email|username|current-password|new-password|one-time-code|given-name|family-name|country)"/,
        );
      }
      const ids = [...text.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size, `${name}: duplicate ids`).toBe(ids.length);
    }
  });

  it('puts errors in an alert summary and on each field, and focuses the first field in error', async () => {
    const { signInError, passwordError, resetError, signUpError, verifyError, resetCodeError } = await pages();
    for (const page of [signInError, passwordError, resetError, signUpError, verifyError, resetCodeError]) {
      expect(page.status).toBeGreaterThanOrEqual(400);
      expect(page.status).toBeLessThan(500);
      expect(page.text).toContain('role="alert"');
      const invalid = [...page.text.matchAll(/<(?:input|select)\b[^>]*aria-invalid="true"[^>]*>/g)].map((m) => m[0]);
      expect(invalid.length).toBeGreaterThan(0);
      for (const input of invalid) {
        const describedBy = /aria-describedby="([^"]+)"/.exec(input)![1]!.split(' ');
        const errorId = describedBy.find((id) => id.endsWith('-error'))!;
        expect(page.text).toMatch(new RegExp(`<p class="field-error" id="${errorId}">[^<]+</p>`));
        const id = /id="([^"]+)"/.exec(input)![1];
        expect(page.text).toContain(`<a href="#${id}">`);
      }
      expect(invalid[0]).toContain(' autofocus');
      expect(page.text.match(/ autofocus/g)).toHaveLength(1);
    }
  });

  it('shows visible focus styles', async () => {
    expect(await (await fetch(`${server.url}/auth/theme.css`)).text()).toMatch(/:focus-visible\s*\{[^}]*outline:/);
  });
});
