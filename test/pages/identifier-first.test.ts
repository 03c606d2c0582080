import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/http/cookies.js';
import { createApplication } from '../../src/services/applications.js';
import { MAX_CODES_PER_WINDOW } from '../../src/services/one-time-codes.js';
import { findSession } from '../../src/services/sessions.js';
import { findIdentityByKey } from '../../src/store/identities.js';
import { listOutbox } from '../../src/store/outbox.js';
import { findPassword } from '../../src/store/passwords.js';
import { Browser, codeIn, continueAs, hiddenInputs, lastOutboxMessage, makeUser, openSignIn } from '../support/pages.js';
import { startServer, type TestServer } from '../support/roster.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const outboxSize = async () => (await listOutbox(server.roster.database.db)).length;
const challengeOf = (location: string | null) => new URL(location!, server.url).searchParams.get('challenge');

describe('identifier first', () => {
  it('offers what each kind of identifier can do: a password or a code for an email, a code for a phone, a password for a username', async () => {
    const browser = new Browser(server.url);
    const email = await continueAs(browser, 'first@example.com', '?request=req_if1');
    expect(email.text).toContain('<form method="post" action="/auth/sign-in/password"');
    expect(email.text).toContain('Email me a code');
    expect(email.text).toContain('href="/auth/password-reset?request=req_if1">Forgot your password?</a>');
    expect(email.text).toContain('href="/auth/sign-in?request=req_if1">Use a different email</a>');
    expect(hiddenInputs(email.text, '/auth/sign-in/password')).toMatchObject({ identifier: 'first@example.com', request: 'req_if1' });
    const phone = await continueAs(browser, '+61 412 345 678');
    expect(phone.text).toContain('Text me a code');
    expect(phone.text).toContain('+61412345678');
    expect(phone.text).not.toContain('action="/auth/sign-in/password"');
    expect(phone.text).toContain('Use a different phone number');
    const username = await continueAs(browser, 'ada_l');
    expect(username.text).toContain('action="/auth/sign-in/password"');
    expect(username.text).not.toContain('action="/auth/sign-in/code"');
  });

  it('shows the same next page whether or not an account has the identifier', async () => {
    await makeUser(server.roster, { email: 'exists@example.com', password: 'a long enough password' });
    const browser = new Browser(server.url);
    const known = await continueAs(browser, 'exists@example.com', '?request=req_if2');
    const unknown = await continueAs(browser, 'absent@example.com', '?request=req_if2');
    expect(known.status).toBe(unknown.status);
    expect(known.text.replaceAll('exists@', 'X@')).toBe(unknown.text.replaceAll('absent@', 'X@'));
  });

  it('keeps the typed identifier out of the URL, and sends a browser without it back to the first step', async () => {
    const browser = new Browser(server.url);
    const answer = await browser.post('/auth/sign-in', {
      ...hiddenInputs((await openSignIn(browser)).text, '/auth/sign-in'),
      identifier: 'me@example.com',
    });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/auth/sign-in/continue');
    const fresh = await new Browser(server.url).get('/auth/sign-in/continue?request=req_if3');
    expect(fresh.status).toBe(303);
    expect(fresh.headers.get('location')).toBe('/auth/sign-in?request=req_if3');
  });

  it('chooses the phone country from Accept-Language, and reads a national number with it', async () => {
    const selected = (text: string) => /<option value="([A-Z]{2})"\s+selected>/.exec(text)?.[1];
    const page = async (language?: string) =>
      (await fetch(`${server.url}/auth/sign-in`, { headers: language ? { 'accept-language': language } : {} })).text();
    expect(selected(await page('en-GB,en;q=0.8'))).toBe('GB');
    expect(selected(await page('fr;q=0.5, de-AT'))).toBe('AT');
    expect(selected(await page('de'))).toBe('DE');
    expect(selected(await page('*'))).toBeUndefined();
    expect(await page()).toContain('<option value="AU"');
    expect(await page()).toMatch(/>Australia \(\+61\)<\/option>/);
    const browser = new Browser(server.url);
    const methods = await continueAs(browser, '0412 345 678', '', 'AU');
    expect(methods.text).toContain('+61412345678');
  });
});

describe('the code page', () => {
  it('is reached by a redirect after the code is sent, so reloading it sends nothing and posts nothing', async () => {
    await makeUser(server.roster, { email: 'reload@example.com' });
    const browser = new Browser(server.url);
    const methods = await continueAs(browser, 'reload@example.com', '?request=req_prg');
    const before = await outboxSize();
    const answer = await browser.post('/auth/sign-in/code', hiddenInputs(methods.text, '/auth/sign-in/code'));
    expect(answer.status).toBe(303);
    const location = answer.headers.get('location')!;
    expect(location).toMatch(/^\/auth\/verify\?request=req_prg&challenge=otc_[0-9a-f]{32}$/);
    expect(await outboxSize()).toBe(before + 1);
    for (let reload = 0; reload < 3; reload++) {
      const page = await browser.get(location);
      expect(page.status).toBe(200);
      expect(page.text).toContain('action="/auth/verify"');
    }
    expect(await outboxSize()).toBe(before + 1);
  });

  it('sends a new code on request: the old one stops working and the new one signs in', async () => {
    const user = await makeUser(server.roster, { email: 'again@example.com' });
    const browser = new Browser(server.url);
    const verify = await browser.submit(await continueAs(browser, 'again@example.com'), '/auth/sign-in/code', {});
    const oldCode = codeIn((await lastOutboxMessage(server.roster, 'again@example.com'))!.body);
    const answer = await browser.post('/auth/verify/resend', hiddenInputs(verify.text, '/auth/verify/resend'));
    expect(answer.status).toBe(303);
    const fresh = await browser.get(answer.headers.get('location')!);
    expect(fresh.text).toContain('We have sent a new code');
    expect(challengeOf(answer.headers.get('location'))).not.toBe(hiddenInputs(verify.text, '/auth/verify').challenge);
    const newCode = codeIn((await lastOutboxMessage(server.roster, 'again@example.com'))!.body);
    const stale = await browser.submit(verify, '/auth/verify', { code: oldCode });
    expect(stale.status).toBe(400);
    expect(stale.text).toContain('already been used');
    const done = await browser.submit(fresh, '/auth/verify', { code: newCode });
    expect(done.status, done.text).toBe(303);
    expect((await findSession(server.roster, browser.cookies.get(SESSION_COOKIE)))?.userId).toBe(user.id);
  });

  it('answers a new-code request for an unknown email the same, and sends nothing', async () => {
    const browser = new Browser(server.url);
    const verify = await browser.submit(await continueAs(browser, 'ghost@example.com'), '/auth/sign-in/code', {});
    const before = await outboxSize();
    const again = await browser.submit(verify, '/auth/verify/resend', {});
    expect(again.status).toBe(200);
    expect(again.text).toContain('We have sent a new code');
    expect(await outboxSize()).toBe(before);
  });

  it('keeps a sign-up’s names and password in the new code, and links back to the sign-up form', async () => {
    const browser = new Browser(server.url);
    const form = await browser.get('/auth/sign-up');
    const verify = await browser.submit(form, '/auth/sign-up', {
      email: 'resend.up@example.com',
      given_name: 'Re',
      family_name: 'Send',
      password: 'a perfectly fine password',
    });
    expect(verify.text).toContain('href="/auth/sign-up">Use a different email</a>');
    const fresh = await browser.submit(verify, '/auth/verify/resend', {});
    const done = await browser.submit(fresh, '/auth/verify', {
      code: codeIn((await lastOutboxMessage(server.roster, 'resend.up@example.com'))!.body),
    });
    expect(done.status, done.text).toBe(303);
    const identity = (await findIdentityByKey(server.roster.database.db, 'email', 'resend.up@example.com'))!;
    expect(await findPassword(server.roster.database.db, identity.user_id)).toBeDefined();
  });

  it('holds new codes to the same per-address limit', async () => {
    await makeUser(server.roster, { email: 'limited@example.com' });
    const browser = new Browser(server.url);
    let page = await browser.submit(await continueAs(browser, 'limited@example.com'), '/auth/sign-in/code', {});
    for (let sent = 1; sent < MAX_CODES_PER_WINDOW; sent++) {
      page = await browser.submit(page, '/auth/verify/resend', {});
      expect(page.status).toBe(200);
    }
    const refused = await browser.submit(page, '/auth/verify/resend', {});
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Too many codes');
  });
});

describe('the application’s look', () => {
  it('names the application, shows its logo (allowed by the page’s policy) and serves its accent', async () => {
    const app = await createApplication(server.roster, {
      type: 'spa',
      name: 'Garden Club',
      redirect_uris: ['http://localhost:3999/garden/callback'],
      logo_url: 'https://cdn.example.net/garden.png',
      accent_color: '#ffd54f',
    });
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: app.client_id,
      redirect_uri: 'http://localhost:3999/garden/callback',
      scope: 'openid',
      state: 'garden',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    });
    const start = await fetch(`${server.url}/oauth2/auth?${query}`, { redirect: 'manual' });
    const signIn = await new Browser(server.url).get(start.headers.get('location')!);
    expect(signIn.status).toBe(200);
    expect(signIn.text).toContain('<span class="brand-name">Garden Club</span>');
    expect(signIn.text).toContain('<title>Sign in · Garden Club</title>');
    expect(signIn.text).toContain('src="https://cdn.example.net/garden.png"');
    expect(signIn.headers.get('content-security-policy')).toContain("img-src 'self' data: https://cdn.example.net;");
    const css = await (await fetch(`${server.url}/auth/app/${app.client_id}/theme.css`)).text();
    // A light accent gets dark text, so the buttons stay readable.
    expect(css).toContain('--roster-accent: #ffd54f; --roster-accent-text: #000000;');
    const plain = await new Browser(server.url).get('/auth/sign-in');
    expect(plain.headers.get('content-security-policy')).toContain("img-src 'self' data:;");
    expect(plain.text).not.toContain('brand-name');
    const nul = await fetch(`${server.url}/auth/app/%00/theme.css`);
    expect(nul.status).toBeLessThan(500);
    expect(await nul.text()).not.toContain('--roster-accent');
  });
});
