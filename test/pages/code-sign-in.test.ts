import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/http/cookies.js';
import { findSession } from '../../src/services/sessions.js';
import { findIdentity } from '../../src/store/identities.js';
import { listOutbox } from '../../src/store/outbox.js';
import { findUser } from '../../src/store/users.js';
import { Browser, codeIn, continueAs, inputValue, lastOutboxMessage, makeUser, openSignIn, type PageResponse } from '../support/pages.js';
import { startServer, type TestServer } from '../support/roster.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

async function requestCode(identifier: string, country?: string) {
  const browser = new Browser(server.url);
  const methods = await browser.submit(await openSignIn(browser, '?request=req_code1'), '/auth/sign-in', {
    identifier,
    ...(country ? { country } : {}),
  });
  if (methods.status !== 200) return { browser, verify: methods };
  const verify = await browser.submit(methods, '/auth/sign-in/code', {});
  return { browser, verify };
}

const enter = (browser: Browser, verify: PageResponse, code: string) => browser.submit(verify, '/auth/verify', { code });
const otherThan = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('email one-time code sign-in', () => {
  it('sends a code to the outbox, signs in with it, and confirms the email', async () => {
    const user = await makeUser(server.roster, { email: 'codey@example.com' });
    const { browser, verify } = await requestCode('codey@example.com');
    expect(verify.status, verify.text).toBe(200);
    expect(verify.text).toContain('<form method="post" action="/auth/verify"');
    expect(inputValue(verify.text, '/auth/verify', 'request')).toBe('req_code1');
    const message = await lastOutboxMessage(server.roster, 'codey@example.com');
    expect(message?.channel).toBe('email');
    const done = await enter(browser, verify, codeIn(message!.body));
    expect(done.status, done.text).toBe(303);
    expect(done.headers.get('location')).toBe('/oauth2/auth/resume?request=req_code1');
    expect((await findSession(server.roster, browser.cookies.get(SESSION_COOKIE)))?.userId).toBe(user.id);
    const identity = await findIdentity(server.roster.database.db, user.identityIds[0]!);
    expect(identity?.is_confirmed).toBe(1);
    expect(identity?.total_logins).toBe(1);
    expect((await findUser(server.roster.database.db, user.id))?.total_sign_ins).toBe(1);
  });

  it('answers the same for an identifier nobody has, and sends nothing', async () => {
    await makeUser(server.roster, { email: 'someone@example.com' });
    const browser = new Browser(server.url);
    const knownMethods = await continueAs(browser, 'someone@example.com', '?request=req_code1');
    const unknownMethods = await continueAs(browser, 'no-one@example.com', '?request=req_code1');
    const known = await browser.submit(knownMethods, '/auth/sign-in/code', {});
    const before = (await listOutbox(server.roster.database.db)).length;
    const unknown = await browser.submit(unknownMethods, '/auth/sign-in/code', {});
    expect(unknown.status).toBe(known.status);
    const scrub = (text: string, who: string) => text.replaceAll(who, 'ID').replace(/otc_[0-9a-f]{32}/g, 'CHALLENGE');
    expect(scrub(unknown.text, 'no-one@example.com')).toBe(scrub(known.text, 'someone@example.com'));
    expect(await listOutbox(server.roster.database.db)).toHaveLength(before);
    // Whatever is typed, it never signs anyone in.
    const tried = await enter(browser, unknown, '123456');
    expect(tried.status).toBe(401);
  });

  it('counts wrong codes and refuses even the right one after five', async () => {
    await makeUser(server.roster, { email: 'fumble@example.com' });
    const { browser, verify } = await requestCode('fumble@example.com');
    const code = codeIn((await lastOutboxMessage(server.roster, 'fumble@example.com'))!.body);
    for (let i = 1; i <= 4; i++) {
      const wrong = await enter(browser, verify, otherThan(code));
      expect(wrong.status).toBe(401);
      expect(wrong.text).toContain(`try ${5 - i} more`);
      expect(wrong.text).toMatch(/id="code"[^>]*aria-invalid="true"[^>]*aria-describedby="code-error"/);
    }
    const fifth = await enter(browser, verify, otherThan(code));
    expect(fifth.status).toBe(429);
    const right = await enter(browser, verify, code);
    expect(right.status).toBe(429);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('refuses an expired code', async () => {
    await makeUser(server.roster, { email: 'late@example.com' });
    const { browser, verify } = await requestCode('late@example.com');
    const code = codeIn((await lastOutboxMessage(server.roster, 'late@example.com'))!.body);
    await server.roster.database.db
      .updateTable('one_time_codes')
      .set({ expires_on: new Date(Date.now() - 1000).toISOString() })
      .where('name', '=', 'late@example.com')
      .execute();
    const response = await enter(browser, verify, code);
    expect(response.status).toBe(400);
    expect(response.text).toContain('expired');
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('uses a code once, even when it is submitted twice at the same moment', async () => {
    const user = await makeUser(server.roster, { email: 'twice@example.com' });
    const { browser, verify } = await requestCode('twice@example.com');
    const code = codeIn((await lastOutboxMessage(server.roster, 'twice@example.com'))!.body);
    const [a, b] = await Promise.all([enter(browser, verify, code), enter(browser, verify, code)]);
    expect([a.status, b.status].sort()).toEqual([303, 400]);
    const again = await enter(browser, verify, code);
    expect(again.status).toBe(400);
    expect(again.text).toContain('already been used');
    expect((await findUser(server.roster.database.db, user.id))?.total_sign_ins).toBe(1);
  });

  it('tells a suspended user so only after the right code', async () => {
    const user = await makeUser(server.roster, { email: 'benched@example.com' });
    await server.roster.database.db.updateTable('users').set({ is_suspended: 1 }).where('id', '=', user.id).execute();
    const { browser, verify } = await requestCode('benched@example.com');
    expect(verify.status).toBe(200);
    expect(verify.text).not.toContain('account is suspended');
    const code = codeIn((await lastOutboxMessage(server.roster, 'benched@example.com'))!.body);
    const response = await enter(browser, verify, code);
    expect(response.status).toBe(403);
    expect(response.text).toContain('This account is suspended');
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('refuses a code that is not six digits on the field, without spending a try', async () => {
    await makeUser(server.roster, { email: 'typo@example.com' });
    const { browser, verify } = await requestCode('typo@example.com');
    const response = await enter(browser, verify, '12ab');
    expect(response.status).toBe(400);
    expect(response.text).toContain('Enter the 6-digit code');
    const code = codeIn((await lastOutboxMessage(server.roster, 'typo@example.com'))!.body);
    expect((await enter(browser, verify, code)).status).toBe(303);
  });

  it('re-renders the code form for an unusable identifier', async () => {
    const { verify } = await requestCode('not an email');
    expect(verify.status).toBe(400);
    expect(verify.text).toMatch(/id="identifier"[^>]*aria-invalid="true"/);
    const national = await requestCode('07700 900123');
    expect(national.verify.status).toBe(400);
    expect(national.verify.text).toContain('choose its country');
  });

  it('throttles codes for one identifier', async () => {
    let last: PageResponse | undefined;
    for (let i = 0; i < 11; i++) last = (await requestCode('flood@example.com')).verify;
    expect(last!.status).toBe(429);
    expect(last!.text).toContain('Too many codes');
  });
});
