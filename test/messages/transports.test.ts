import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/http/cookies.js';
import { findSession } from '../../src/services/sessions.js';
import { findIdentity, findIdentityByKey } from '../../src/store/identities.js';
import { listOutbox } from '../../src/store/outbox.js';
import { mailBody, startMailServer, startSmsWebhook, type MailServer, type SmsWebhook } from '../support/message-servers.js';
import { Browser, codeIn, continueAs, makeUser, openSignIn } from '../support/pages.js';
import { startServer, type TestServer } from '../support/roster.js';

describe('email through a real SMTP server, SMS through a real webhook', () => {
  let mail: MailServer;
  let sms: SmsWebhook;
  let server: TestServer;
  beforeAll(async () => {
    mail = await startMailServer();
    sms = await startSmsWebhook();
    server = await startServer({ smtpUrl: mail.url, smtpFrom: 'Roster <sign-in@roster.test>', smsWebhookUrl: sms.url });
  });
  afterAll(async () => {
    await server?.close();
    await mail?.close();
    await sms?.close();
  });

  it('emails the code and signs in with it', async () => {
    const user = await makeUser(server.roster, { email: 'mailed@example.com' });
    const browser = new Browser(server.url);
    const verify = await browser.submit(await continueAs(browser, 'mailed@example.com'), '/auth/sign-in/code', {});
    expect(verify.status, verify.text).toBe(200);
    const received = await mail.mailTo('mailed@example.com');
    expect(received.from).toBe('sign-in@roster.test');
    expect(received.raw).toMatch(/^Subject: Your sign-in code/m);
    const done = await browser.submit(verify, '/auth/verify', { code: codeIn(mailBody(received)) });
    expect(done.status, done.text).toBe(303);
    expect((await findSession(server.roster, browser.cookies.get(SESSION_COOKIE)))?.userId).toBe(user.id);
    expect(await listOutbox(server.roster.database.db)).toHaveLength(0);
  });

  it('texts the code to a phone given in national form and confirms the phone', async () => {
    const user = await makeUser(server.roster, { email: 'texted@example.com', phone: '+447911123456' });
    const browser = new Browser(server.url);
    const page = await openSignIn(browser, '?request=req_sms&login_hint=' + encodeURIComponent('phone:+447911123456:gb'));
    const methods = await browser.submit(page, '/auth/sign-in', { identifier: '07911 123456', country: 'GB' });
    expect(methods.text).toContain('Text me a code');
    const verify = await browser.submit(methods, '/auth/sign-in/code', {});
    expect(verify.status, verify.text).toBe(200);
    expect(sms.received).toHaveLength(1);
    expect(sms.received[0]!.contentType).toMatch(/^application\/json/);
    expect(sms.received[0]!.body.to).toBe('+447911123456');
    const done = await browser.submit(verify, '/auth/verify', { code: codeIn(sms.received[0]!.body.body) });
    expect(done.status, done.text).toBe(303);
    expect(done.headers.get('location')).toBe('/oauth2/auth/resume?request=req_sms');
    const phone = await findIdentity(server.roster.database.db, user.identityIds[1]!);
    expect(phone?.is_confirmed).toBe(1);
    expect(phone?.total_logins).toBe(1);
  });

  it('signs up with a code read from the received mail', async () => {
    const browser = new Browser(server.url);
    const form = await browser.get('/auth/sign-up?request=req_up');
    const verify = await browser.submit(form, '/auth/sign-up', {
      email: 'newbie@example.com',
      given_name: 'New',
      family_name: 'Bie',
      password: '',
    });
    expect(verify.status, verify.text).toBe(200);
    const done = await browser.submit(verify, '/auth/verify', { code: codeIn(mailBody(await mail.mailTo('newbie@example.com'))) });
    expect(done.status, done.text).toBe(303);
    expect((await findIdentityByKey(server.roster.database.db, 'email', 'newbie@example.com'))?.is_confirmed).toBe(1);
  });
});

describe('when a message cannot be sent', () => {
  let mail: MailServer;
  let sms: SmsWebhook;
  let server: TestServer;
  beforeAll(async () => {
    mail = await startMailServer({ refuse: true });
    sms = await startSmsWebhook(500);
    server = await startServer({ smtpUrl: mail.url, smsWebhookUrl: sms.url });
  });
  afterAll(async () => {
    await server?.close();
    await mail?.close();
    await sms?.close();
  });

  it('says so with a 502 page, and a sign-up leaves nothing behind', async () => {
    const browser = new Browser(server.url);
    const form = await browser.get('/auth/sign-up');
    const response = await browser.submit(form, '/auth/sign-up', {
      email: 'bounce@example.com',
      given_name: '',
      family_name: '',
      password: 'a fine long password',
    });
    expect(response.status).toBe(502);
    expect(response.text).toContain('could not send the email');
    expect(response.text).toContain('role="alert"');
    expect(await findIdentityByKey(server.roster.database.db, 'email', 'bounce@example.com')).toBeUndefined();
    const pending = await server.roster.database.db
      .selectFrom('one_time_codes')
      .selectAll()
      .where('name', '=', 'bounce@example.com')
      .execute();
    expect(pending.every((row) => row.used_on !== null)).toBe(true);
  });

  it('says so when the SMS webhook refuses', async () => {
    await makeUser(server.roster, { phone: '+61412345678' });
    const browser = new Browser(server.url);
    const response = await browser.submit(await continueAs(browser, '+61412345678'), '/auth/sign-in/code', {});
    expect(response.status).toBe(502);
    expect(response.text).toContain('could not send the text message');
    expect(sms.received).toHaveLength(1);
  });

  it('says so when nothing listens at the SMTP address', async () => {
    const closed = await startServer({ smtpUrl: 'smtp://127.0.0.1:1' });
    try {
      await makeUser(closed.roster, { email: 'nowhere@example.com' });
      const browser = new Browser(closed.url);
      const response = await browser.submit(await continueAs(browser, 'nowhere@example.com'), '/auth/sign-in/code', {});
      expect(response.status).toBe(502);
    } finally {
      await closed.close();
    }
  });
});
