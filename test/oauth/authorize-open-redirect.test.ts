import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication, type Application } from '../../src/services/applications.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';
import { hop, query, signedInUser } from './authorize-support.js';

const REGISTERED = 'https://app.example.com/callback';
const LOCAL = 'http://localhost:3000/api/auth/kinde_callback';

/** Redirect URIs that resemble a registered one; each must get an error page, never a redirect (RFC 6819 §4.2.4). */
const ATTEMPTS = [
  'https://app.example.com/callback/evil',
  'https://app.example.com/callbackx',
  'https://app.example.com/callback/',
  'https://app.example.com/callback?next=https://evil.example.com',
  'https://app.example.com/callback#',
  'https://app.example.com/call',
  'https://app.example.com',
  'https://app.example.com:444/callback',
  'https://app.example.com:443/callback',
  'http://app.example.com/callback',
  'https://APP.example.com/callback',
  'https://app.example.com/Callback',
  'https://app.example.com/%63allback',
  'https://app.example.com/callback/../callback',
  'https://app.example.com/callback%2F..%2Fevil',
  'https://app.example.com.evil.example.com/callback',
  'https://app.example.com@evil.example.com/callback',
  'https://evil.example.com@app.example.com/callback',
  'https://evil.example.com/https://app.example.com/callback',
  'https://evil.example.com/callback',
  '//app.example.com/callback',
  '//evil.example.com',
  '/callback',
  'javascript:alert(1)//https://app.example.com/callback',
  'javascript://app.example.com/callback%0aalert(1)',
  'data:text/html,<script>alert(1)</script>',
  ' https://app.example.com/callback',
  'https://app.example.com/callback ',
  'https://app.example.com/callback\n',
  'https://app.example.com/callback\u0000',
  `${REGISTERED},https://evil.example.com`,
  'http://localhost:3001/api/auth/kinde_callback',
  'http://127.0.0.1:3000/api/auth/kinde_callback',
  'http://localhost/api/auth/kinde_callback',
  'http://localhost:3000/api/auth/kinde_callback/../../evil',
];

describe(`open-redirect attempts on GET /oauth2/auth (${ENGINE})`, () => {
  let server: TestServer;
  let web: Application;
  let cookie: string;

  beforeAll(async () => {
    server = await startServer();
    web = await createApplication(server.roster, { type: 'web', name: 'web', redirect_uris: [REGISTERED, LOCAL] });
    cookie = (await signedInUser(server)).token;
  });
  afterAll(() => server.close());

  it('redirects to the registered URIs themselves', async () => {
    for (const uri of [REGISTERED, LOCAL]) {
      const answer = await hop(
        server,
        `/oauth2/auth?${query([
          ['response_type', 'code'],
          ['client_id', web.client_id],
          ['redirect_uri', uri],
        ])}`,
        cookie,
      );
      expect(answer.location?.startsWith(`${uri}?code=`), uri).toBe(true);
    }
  });

  it('shows an error page for every look-alike, with or without a session, and for a bad request too', async () => {
    for (const uri of ATTEMPTS) {
      for (const responseType of ['code', 'token']) {
        for (const session of [undefined, cookie]) {
          const answer = await hop(
            server,
            `/oauth2/auth?${query([
              ['response_type', responseType],
              ['client_id', web.client_id],
              ['redirect_uri', uri],
              ['state', 's'],
            ])}`,
            session,
          );
          expect(answer.status, uri).toBe(400);
          expect(answer.location, uri).toBeNull();
          expect(answer.contentType).toMatch(/^text\/html/);
        }
      }
    }
  });

  it('does not take the redirect URI from a differently spelt parameter name', async () => {
    for (const pairs of [
      [
        ['response_type', 'code'],
        ['client_id', web.client_id],
        ['Redirect_Uri', 'https://evil.example.com/'],
      ],
      [
        ['response_type', 'code'],
        ['client_id', web.client_id],
        ['redirect_uri[]', REGISTERED],
      ],
    ] as [string, string][][]) {
      const answer = await hop(server, `/oauth2/auth?${query(pairs)}`, cookie);
      expect(answer.status).toBe(400);
      expect(answer.location).toBeNull();
    }
  });

  it('escapes what it shows: an error page never reflects markup', async () => {
    const answer = await hop(
      server,
      `/oauth2/auth?${query([
        ['response_type', 'code'],
        ['client_id', '<script>alert(1)</script>'],
        ['redirect_uri', REGISTERED],
      ])}`,
    );
    expect(answer.status).toBe(400);
    expect(answer.body).not.toContain('<script>');
  });
});
