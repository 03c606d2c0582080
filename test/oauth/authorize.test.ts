import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/auth/secrets.js';
import { createApplication, type Application } from '../../src/services/applications.js';
import { startSession } from '../../src/services/sessions.js';
import { updateUser } from '../../src/store/users.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';
import { hop, query, s256, signedInUser } from './authorize-support.js';

const REDIRECT = 'http://localhost:3999/app/callback';
const VERIFIER = 'a'.repeat(20) + 'verifier-for-pkce-0123456789abcdef';

describe(`GET /oauth2/auth and /oauth2/auth/resume (${ENGINE})`, () => {
  let server: TestServer;
  let web: Application;
  let spa: Application;

  const base = (app: Application, extra: [string, string][] = []): [string, string][] => [
    ['response_type', 'code'],
    ['client_id', app.client_id],
    ['redirect_uri', REDIRECT],
    ...extra,
  ];
  const authorize = (pairs: [string, string][], cookie?: string) => hop(server, `/oauth2/auth?${query(pairs)}`, cookie);
  const resume = (id: string, cookie?: string) => hop(server, `/oauth2/auth/resume?request=${encodeURIComponent(id)}`, cookie);
  const requestIdOf = (location: string) => new URL(location, server.url).searchParams.get('request')!;
  const callback = (location: string | null) => {
    expect(location, 'a redirect to the application').toBeTruthy();
    expect(location!.startsWith(`${REDIRECT}?`)).toBe(true);
    return new URL(location!).searchParams;
  };
  const codeRow = (code: string) =>
    server.roster.database.db.selectFrom('authorization_codes').selectAll().where('code_hash', '=', hashSecret(code)).executeTakeFirst();

  beforeAll(async () => {
    server = await startServer();
    web = await createApplication(server.roster, { type: 'web', name: 'web', redirect_uris: [REDIRECT] });
    spa = await createApplication(server.roster, { type: 'spa', name: 'spa', redirect_uris: [REDIRECT] });
  });
  afterAll(() => server.close());

  describe('the whole flow: authorize → sign in → resume → code', () => {
    it('sends a browser without a session to the sign-in page, then issues a code once it has one', async () => {
      const state = 'st-1';
      const first = await authorize(
        base(web, [
          ['scope', 'openid profile email offline'],
          ['state', state],
          ['nonce', 'n-0S6_WzA2Mj'],
          ['audience', 'https://api.example.com'],
        ]),
      );
      expect(first.status).toBe(302);
      expect(first.location).toMatch(/^\/auth\/sign-in\?request=[A-Za-z0-9_-]+$/);
      const id = requestIdOf(first.location!);

      const stored = await server.roster.database.db
        .selectFrom('authorization_requests')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(stored.client_id).toBe(web.client_id);
      expect(new Date(stored.expires_on).getTime() - new Date(stored.created_on).getTime()).toBe(30 * 60 * 1000);

      const user = await signedInUser(server);
      const done = await resume(id, user.token);
      expect(done.status).toBe(302);
      const params = callback(done.location);
      expect(params.get('state')).toBe(state);
      const row = await codeRow(params.get('code')!);
      expect(row).toMatchObject({
        client_id: web.client_id,
        user_id: user.userId,
        session_id: user.sessionId,
        redirect_uri: REDIRECT,
        scope: 'openid profile email offline',
        nonce: 'n-0S6_WzA2Mj',
        code_challenge: null,
      });
      expect(JSON.parse(row!.audience)).toEqual(['https://api.example.com']);
    });

    it('uses a request only once: a second resume gets an error page, and the request row is gone', async () => {
      const first = await authorize(base(web, [['state', 'once']]));
      const id = requestIdOf(first.location!);
      const user = await signedInUser(server);
      expect((await resume(id, user.token)).status).toBe(302);
      const again = await resume(id, user.token);
      expect(again.status).toBe(400);
      expect(again.location).toBeNull();
      expect(again.contentType).toMatch(/^text\/html/);
      const rows = await server.roster.database.db.selectFrom('authorization_requests').select('id').where('id', '=', id).execute();
      expect(rows).toEqual([]);
    });

    it('lets exactly one of two concurrent resumes of the same request have a code', async () => {
      const id = requestIdOf((await authorize(base(web))).location!);
      const user = await signedInUser(server);
      const answers = await Promise.all([resume(id, user.token), resume(id, user.token), resume(id, user.token)]);
      expect(answers.filter((a) => a.status === 302 && a.location?.includes('code=')).length).toBe(1);
      expect(answers.filter((a) => a.status === 400).length).toBe(2);
    });

    it('answers an unknown, expired or missing request id with an error page, never a redirect', async () => {
      const user = await signedInUser(server);
      const id = requestIdOf((await authorize(base(web))).location!);
      await server.roster.database.db
        .updateTable('authorization_requests')
        .set({ expires_on: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', id)
        .execute();
      for (const path of [
        `/oauth2/auth/resume?request=${id}`,
        '/oauth2/auth/resume?request=nope',
        '/oauth2/auth/resume',
        `/oauth2/auth/resume?request=${id}&request=${id}`,
      ]) {
        const answer = await hop(server, path, user.token);
        expect(answer.status, path).toBe(400);
        expect(answer.location, path).toBeNull();
        expect(answer.body).toContain('expired or was already used');
      }
    });

    it('sends a resume without a session back to the sign-in page, keeping the request', async () => {
      const id = requestIdOf((await authorize(base(web))).location!);
      const answer = await resume(id);
      expect(answer.status).toBe(302);
      expect(answer.location).toBe(`/auth/sign-in?request=${id}`);
      const user = await signedInUser(server);
      expect(callback((await resume(id, user.token)).location).get('code')).toBeTruthy();
    });

    it('issues the code at once for a browser that already has a live session', async () => {
      const user = await signedInUser(server);
      const answer = await authorize(base(web, [['state', 'xyz']]), user.token);
      expect(answer.status).toBe(302);
      const params = callback(answer.location);
      expect(params.get('state')).toBe('xyz');
      expect((await codeRow(params.get('code')!))?.user_id).toBe(user.userId);
    });

    it('treats an ended session as no session', async () => {
      const user = await signedInUser(server);
      await server.roster.database.db
        .updateTable('sessions')
        .set({ ended_on: new Date().toISOString() })
        .where('id', '=', user.sessionId)
        .execute();
      expect((await authorize(base(web), user.token)).location).toMatch(/^\/auth\/sign-in\?/);
    });

    it('echoes state exactly, whatever characters it holds, and leaves it out when none was sent', async () => {
      const user = await signedInUser(server);
      for (const state of ['a b+c&d=e/f?g#h%20i', 'ünïcødé ✓ 日本', '"<script>\'', ' leading and trailing ', '%', '+']) {
        const params = callback((await authorize(base(web, [['state', state]]), user.token)).location);
        expect(params.get('state')).toBe(state);
      }
      const params = callback((await authorize(base(web), user.token)).location);
      expect(params.has('state')).toBe(false);
      expect(params.get('code')).toBeTruthy();
    });

    it('refuses a suspended user with access_denied, at once and at resume', async () => {
      const user = await signedInUser(server);
      const id = requestIdOf((await authorize(base(web, [['state', 's']]))).location!);
      await updateUser(server.roster.database.db, user.userId, { is_suspended: 1 });
      for (const answer of [await authorize(base(web, [['state', 's']]), user.token), await resume(id, user.token)]) {
        const params = callback(answer.location);
        expect(params.get('error')).toBe('access_denied');
        expect(params.get('state')).toBe('s');
        expect(params.has('code')).toBe(false);
      }
    });

    it('keeps the S256 challenge for the token endpoint to check', async () => {
      const user = await signedInUser(server);
      const challenge = s256(VERIFIER);
      const params = callback(
        (
          await authorize(
            base(spa, [
              ['code_challenge', challenge],
              ['code_challenge_method', 'S256'],
            ]),
            user.token,
          )
        ).location,
      );
      expect((await codeRow(params.get('code')!))?.code_challenge).toBe(challenge);
    });
  });

  describe('prompt, start_page and login_hint', () => {
    it('opens sign-up for prompt=create and start_page=registration, even with a session', async () => {
      const user = await signedInUser(server);
      expect((await authorize(base(web, [['prompt', 'create']]), user.token)).location).toMatch(
        /^\/auth\/sign-up\?request=[A-Za-z0-9_-]+$/,
      );
      expect((await authorize(base(web, [['start_page', 'registration']]))).location).toMatch(/^\/auth\/sign-up\?request=/);
    });

    it('passes login_hint on to the pages, URL-encoded, in each of Kinde’s forms', async () => {
      for (const hint of ['joe@blogs.com', 'phone:+447700900000:gb', 'username:joebloggs']) {
        const location = (await authorize(base(web, [['login_hint', hint]]))).location!;
        expect(location).toContain(`&login_hint=${encodeURIComponent(hint)}`);
        expect(new URL(location, server.url).searchParams.get('login_hint')).toBe(hint);
      }
    });

    it('prompt=login asks again despite a session, and resume wants a session started after the request', async () => {
      const before = await signedInUser(server);
      const answer = await authorize(
        base(web, [
          ['prompt', 'login'],
          ['state', 'fresh'],
        ]),
        before.token,
      );
      expect(answer.location).toMatch(/^\/auth\/sign-in\?request=/);
      const id = requestIdOf(answer.location!);
      const stale = await resume(id, before.token);
      expect(stale.location).toBe(`/auth/sign-in?request=${id}`);
      const { created_on } = await server.roster.database.db
        .selectFrom('authorization_requests')
        .select('created_on')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      await server.roster.database.db.updateTable('sessions').set({ auth_time: created_on }).where('id', '=', before.sessionId).execute();
      expect((await resume(id, before.token)).location, 'a session from the request’s own millisecond').toBe(`/auth/sign-in?request=${id}`);
      const { token } = await startSession(server.roster.database.db, { userId: before.userId, identityId: before.identityId });
      expect(callback((await resume(id, token)).location).get('state')).toBe('fresh');
    });

    it('prompt=none without a session redirects login_required with the state; with one it issues a code', async () => {
      const answer = await authorize(
        base(web, [
          ['prompt', 'none'],
          ['state', 'silent'],
        ]),
      );
      const params = callback(answer.location);
      expect(params.get('error')).toBe('login_required');
      expect(params.get('state')).toBe('silent');
      const user = await signedInUser(server);
      expect(callback((await authorize(base(web, [['prompt', 'none']]), user.token)).location).get('code')).toBeTruthy();
    });

    it('max_age asks a session older than that to sign in again', async () => {
      const user = await signedInUser(server);
      await server.roster.database.db
        .updateTable('sessions')
        .set({ auth_time: new Date(Date.now() - 120_000).toISOString() })
        .where('id', '=', user.sessionId)
        .execute();
      expect((await authorize(base(web, [['max_age', '60']]), user.token)).location).toMatch(/^\/auth\/sign-in\?/);
      expect(callback((await authorize(base(web, [['max_age', '600']]), user.token)).location).get('code')).toBeTruthy();
    });
  });

  describe('what Kinde’s clients send', () => {
    it('tolerates Kinde’s extra parameters, drops unknown scopes, and accepts audience repeated, space-joined or empty', async () => {
      const user = await signedInUser(server);
      const extras: [string, string][] = [
        ['start_page', 'login'],
        ['org_code', 'org_123'],
        ['org_name', 'Acme'],
        ['is_create_org', 'false'],
        ['lang', 'en-AU'],
        ['connection_id', 'conn_1'],
        ['has_success_page', 'true'],
        ['workflow_deployment_id', 'wf'],
        ['supports_reauth', 'true'],
        ['plan_interest', 'pro'],
        ['pricing_table_key', 'ptk'],
        ['pages_mode', 'preview'],
        ['invitation_code', 'inv'],
        ['is_invitation', 'false'],
        ['utm_source', 'news'],
        ['utm_campaign', 'x'],
        ['gclid', 'g'],
        ['something_new', '1'],
        ['scope', 'openid profile email offline address openid'],
        ['audience', 'https://a.example.com https://b.example.com'],
        ['audience', 'https://c.example.com'],
        ['audience', ''],
      ];
      const params = callback((await authorize(base(web, extras), user.token)).location);
      const row = await codeRow(params.get('code')!);
      expect(row?.scope).toBe('openid profile email offline');
      expect(JSON.parse(row!.audience)).toEqual(['https://a.example.com', 'https://b.example.com', 'https://c.example.com']);
    });

    it('defaults scope to openid profile email offline and audience to none', async () => {
      const user = await signedInUser(server);
      const row = await codeRow(callback((await authorize([...base(web), ['audience', '']], user.token)).location).get('code')!);
      expect(row?.scope).toBe('openid profile email offline');
      expect(JSON.parse(row!.audience)).toEqual([]);
    });
  });

  describe('errors the application is told about, at its redirect URI', () => {
    const cases: [string, (web: Application, spa: Application) => [string, string][], string][] = [
      [
        'response_type=token',
        (w) => [
          ['response_type', 'token'],
          ['client_id', w.client_id],
          ['redirect_uri', REDIRECT],
        ],
        'unsupported_response_type',
      ],
      [
        'no response_type',
        (w) => [
          ['client_id', w.client_id],
          ['redirect_uri', REDIRECT],
        ],
        'invalid_request',
      ],
      [
        'a repeated scope',
        (w) =>
          base(w, [
            ['scope', 'openid'],
            ['scope', 'email'],
          ]),
        'invalid_request',
      ],
      ['a repeated response_type', (w) => base(w, [['response_type', 'code']]), 'invalid_request'],
      [
        'a repeated nonce',
        (w) =>
          base(w, [
            ['nonce', 'a'],
            ['nonce', 'b'],
          ]),
        'invalid_request',
      ],
      [
        'a repeated code_challenge',
        (_w, s) =>
          base(s, [
            ['code_challenge', s256(VERIFIER)],
            ['code_challenge', s256(VERIFIER)],
            ['code_challenge_method', 'S256'],
          ]),
        'invalid_request',
      ],
      ['a SPA without PKCE', (_w, s) => base(s), 'invalid_request'],
      [
        'the plain PKCE method',
        (_w, s) =>
          base(s, [
            ['code_challenge', VERIFIER],
            ['code_challenge_method', 'plain'],
          ]),
        'invalid_request',
      ],
      ['a challenge without a method (plain by default)', (_w, s) => base(s, [['code_challenge', s256(VERIFIER)]]), 'invalid_request'],
      [
        'an unknown PKCE method',
        (w) =>
          base(w, [
            ['code_challenge', s256(VERIFIER)],
            ['code_challenge_method', 'S512'],
          ]),
        'invalid_request',
      ],
      ['a method without a challenge', (w) => base(w, [['code_challenge_method', 'S256']]), 'invalid_request'],
      [
        'a challenge that is not a SHA-256',
        (w) =>
          base(w, [
            ['code_challenge', 'short'],
            ['code_challenge_method', 'S256'],
          ]),
        'invalid_request',
      ],
      ['only unknown scopes', (w) => base(w, [['scope', 'address phone']]), 'invalid_scope'],
      ['prompt=none with another prompt', (w) => base(w, [['prompt', 'none login']]), 'invalid_request'],
      ['response_mode=fragment', (w) => base(w, [['response_mode', 'fragment']]), 'invalid_request'],
      ['a max_age that is not a number', (w) => base(w, [['max_age', '-1']]), 'invalid_request'],
    ];
    for (const [name, pairs, error] of cases) {
      it(`${name}: ${error}, with the state`, async () => {
        const answer = await authorize([...pairs(web, spa), ['state', 'keep me']]);
        expect(answer.status).toBe(302);
        const params = callback(answer.location);
        expect(params.get('error')).toBe(error);
        expect(params.get('error_description')).toBeTruthy();
        expect(params.get('state')).toBe('keep me');
        expect(params.has('code')).toBe(false);
      });
    }

    it('a repeated state: invalid_request without echoing either value', async () => {
      const params = callback(
        (
          await authorize(
            base(web, [
              ['state', 'one'],
              ['state', 'two'],
            ]),
          )
        ).location,
      );
      expect(params.get('error')).toBe('invalid_request');
      expect(params.has('state')).toBe(false);
    });

    it('stores nothing for a refused request', async () => {
      const count = async () => (await server.roster.database.db.selectFrom('authorization_requests').select('id').execute()).length;
      const before = await count();
      await authorize(base(spa));
      await authorize(
        base(web, [
          ['scope', 'a'],
          ['scope', 'b'],
        ]),
      );
      expect(await count()).toBe(before);
    });
  });

  describe('errors shown to the user, never redirected', () => {
    it('an unknown, missing or repeated client_id, and an m2m application', async () => {
      const m2m = await createApplication(server.roster, { type: 'm2m', name: 'machine', scopes: 'read:users' });
      const attempts: [string, [string, string][]][] = [
        [
          'unknown client',
          [
            ['response_type', 'code'],
            ['client_id', 'f'.repeat(40)],
            ['redirect_uri', REDIRECT],
          ],
        ],
        [
          'missing client_id',
          [
            ['response_type', 'code'],
            ['redirect_uri', REDIRECT],
          ],
        ],
        [
          'repeated client_id',
          [
            ['response_type', 'code'],
            ['client_id', web.client_id],
            ['client_id', web.client_id],
            ['redirect_uri', REDIRECT],
          ],
        ],
        [
          'm2m client',
          [
            ['response_type', 'code'],
            ['client_id', m2m.client_id],
            ['redirect_uri', REDIRECT],
          ],
        ],
        [
          'missing redirect_uri',
          [
            ['response_type', 'code'],
            ['client_id', web.client_id],
          ],
        ],
        [
          'empty redirect_uri',
          [
            ['response_type', 'code'],
            ['client_id', web.client_id],
            ['redirect_uri', ''],
          ],
        ],
        [
          'repeated redirect_uri',
          [
            ['response_type', 'code'],
            ['client_id', web.client_id],
            ['redirect_uri', REDIRECT],
            ['redirect_uri', REDIRECT],
          ],
        ],
        [
          'bad request with an unknown client',
          [
            ['response_type', 'token'],
            ['client_id', 'nobody'],
            ['redirect_uri', REDIRECT],
            ['state', 's'],
          ],
        ],
      ];
      const user = await signedInUser(server);
      for (const [name, pairs] of attempts) {
        for (const cookie of [undefined, user.token]) {
          const answer = await authorize(pairs, cookie);
          expect(answer.status, name).toBe(400);
          expect(answer.location, name).toBeNull();
          expect(answer.contentType, name).toMatch(/^text\/html/);
        }
      }
      expect(
        (
          await authorize([
            ['response_type', 'code'],
            ['client_id', m2m.client_id],
            ['redirect_uri', REDIRECT],
          ])
        ).body,
      ).toContain('unauthorized_client');
    });
  });
});
