import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, expectError } from '../support/factories.js';
import { ENGINE, startServer, type TestServer } from '../support/roster.js';

describe(`GET /api/v1/search/users (${ENGINE})`, () => {
  let server: TestServer;
  const people: Record<'ann' | 'bob' | 'carol' | 'dave' | 'nameless', string> = { ann: '', bob: '', carol: '', dave: '', nameless: '' };
  let everyone: string[];
  beforeAll(async () => {
    server = await startServer();
    people.ann = await createUser(server, {
      email: 'Ann@Example.com',
      username: 'AnnL',
      phone: '+61412345678',
      givenName: 'Ann',
      familyName: 'Lee',
    });
    people.bob = await createUser(server, { email: 'bob@sample.org', username: 'BuilderBob', givenName: 'Robert', familyName: 'Builder' });
    people.carol = await createUser(server, {
      email: 'carol@example.net',
      phone: '+14155552671',
      givenName: 'Carol',
      familyName: 'Annandale',
    });
    people.dave = await createUser(server, { username: 'dave_99' });
    people.nameless = await createUser(server, { email: 'x@nameless.example' });
    everyone = [people.ann, people.bob, people.carol, people.dave, people.nameless];
  });
  afterAll(() => server.close());

  const search = async (query: string) => {
    const response = await server.api('GET', `/api/v1/search/users?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  const found = async (text: string, extra = '') =>
    (await search(`query=${encodeURIComponent(text)}${extra}`)).results.map((u: { id: string }) => u.id);

  it('rule: query matches the start of an email ignoring case', async () => {
    expect(await found('ann@ex')).toEqual([people.ann]);
    expect(await found('ANN@EXAMPLE.COM')).toEqual([people.ann]);
    expect(await found('bob@')).toEqual([people.bob]);
  });

  it('rule: query finds a user by their exact user id, and only by all of it', async () => {
    expect(await found(people.bob)).toEqual([people.bob]);
    expect(await found(people.bob.slice(0, -1))).toEqual([]);
  });

  it('rule: query finds a user by their exact provided id', async () => {
    expect((await server.api('PATCH', `/api/v1/user?id=${people.dave}`, { provided_id: 'CRM-4711' })).status).toBe(200);
    expect(await found('CRM-4711')).toEqual([people.dave]);
    expect(await found('CRM-47')).toEqual([]);
  });

  it('rule: query matches the start of a username ignoring case', async () => {
    expect(await found('builderb')).toEqual([people.bob]);
    expect(await found('DAVE_')).toEqual([people.dave]);
  });

  it('rule: query matches the start of an E.164 phone number', async () => {
    expect(await found('+1415')).toEqual([people.carol]);
    expect(await found('+61412345678')).toEqual([people.ann]);
    const unencoded = await search('query=+1415');
    expect(
      unencoded.results.map((u: { id: string }) => u.id),
      'an unencoded + arrives as a space',
    ).toEqual([people.carol]);
  });

  it('rule: query matches the start of the first, last or full name ignoring case', async () => {
    expect(await found('rob')).toEqual([people.bob]);
    expect(await found('annan')).toEqual([people.carol]);
    expect(await found('LEE')).toEqual([people.ann]);
    expect(await found('robert bu')).toEqual([people.bob]);
  });

  it('lists a user once even when several of their values match, in creation order', async () => {
    expect(await found('builder')).toEqual([people.bob]);
    expect(await found('ann')).toEqual([people.ann, people.carol]);
  });

  it('matches nothing for a value nobody starts with, and treats % and _ literally', async () => {
    expect(await found('zzz')).toEqual([]);
    expect(await found('%')).toEqual([]);
    expect(await found('_')).toEqual([]);
    expect(await found('ob')).toEqual([]);
  });

  it("query '*' (or no query) lists everyone", async () => {
    expect(await found('*')).toEqual(everyone);
    expect((await search('')).results.map((u: { id: string }) => u.id)).toEqual(everyone);
  });

  it('page_size limits the results', async () => {
    expect(await found('*', '&page_size=2')).toEqual(everyone.slice(0, 2));
    expectError(await server.api('GET', '/api/v1/search/users?query=*&page_size=501'), 400, 'INVALID_REQUEST');
  });

  it('starting_after and ending_before page by user id', async () => {
    expect(await found('*', `&page_size=2&starting_after=${everyone[1]}`)).toEqual(everyone.slice(2, 4));
    expect(await found('*', `&page_size=2&starting_after=${everyone[3]}`)).toEqual(everyone.slice(4));
    expect(await found('*', `&page_size=2&ending_before=${everyone[4]}`)).toEqual(everyone.slice(2, 4));
    expect(await found('*', `&page_size=2&ending_before=${everyone[1]}`)).toEqual(everyone.slice(0, 1));
    expect(await found('ann', `&starting_after=${people.ann}`)).toEqual([people.carol]);
    const both = await server.api('GET', `/api/v1/search/users?query=*&starting_after=${everyone[0]}&ending_before=${everyone[4]}`);
    expectError(both, 400, 'TOO_MANY_PARAMETERS');
  });

  it('answers {code, message, results} with the primary email named `email`', async () => {
    const body = await search(`query=lee`);
    expect(Object.keys(body).sort()).toEqual(['code', 'message', 'results']);
    expect(body).toMatchObject({ code: 'OK', message: 'Success' });
    const [ann] = body.results;
    expect(ann).toMatchObject({
      id: people.ann,
      email: 'Ann@Example.com',
      username: 'AnnL',
      first_name: 'Ann',
      last_name: 'Lee',
      is_suspended: false,
    });
    expect(ann).not.toHaveProperty('preferred_email');
    expect(ann).not.toHaveProperty('identities');
  });

  it('expand=identities adds every identity as {type, identity}', async () => {
    const [ann] = (await search('query=lee&expand=identities')).results;
    expect(ann.identities).toEqual([
      { type: 'email', identity: 'Ann@Example.com' },
      { type: 'phone', identity: '+61412345678' },
      { type: 'username', identity: 'AnnL' },
    ]);
  });

  it('refuses a query holding invisible characters', async () => {
    expectError(await server.api('GET', `/api/v1/search/users?query=${encodeURIComponent('ann\u200b')}`), 400, 'INVALID_REQUEST');
  });
});

describe(`search and Unicode names (${ENGINE})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const found = async (on: TestServer, text: string) =>
    (await on.api('GET', `/api/v1/search/users?query=${encodeURIComponent(text)}`)).body.results.map((u: { id: string }) => u.id);

  it('rule: names are matched in NFC, so a decomposed é finds a composed one and the reverse', async () => {
    const decomposed = await createUser(server, { email: 'jose@example.com', givenName: 'Jose\u0301', familyName: 'Zu\u0308rich' });
    expect(await found(server, 'jos\u00e9')).toEqual([decomposed]);
    expect(await found(server, 'jose\u0301')).toEqual([decomposed]);
    const patched = await server.api('PATCH', `/api/v1/user?id=${decomposed}`, { family_name: 'Mu\u0308ller' });
    expect(patched.status).toBe(200);
    expect(await found(server, 'm\u00fcl')).toEqual([decomposed]);
    expect(await found(server, 'jos\u00e9 m\u00fcller')).toEqual([decomposed]);
  });

  it('rule: names are matched ignoring case beyond ASCII', async () => {
    const emile = await createUser(server, { email: 'emile@example.com', givenName: 'Émile', familyName: 'Östberg' });
    expect(await found(server, 'émile')).toEqual([emile]);
    expect(await found(server, 'ÉMILE ÖST')).toEqual([emile]);
    expect(await found(server, 'östb')).toEqual([emile]);
  });
});
