import { describe, expect, it } from 'vitest';
import { checkAuthorizeRequest, redirectWith, type AuthorizeClient } from '../../src/domain/authorize-request.js';

const REDIRECT = 'https://app.example.com/callback';
const web: AuthorizeClient = { client_id: 'web1', type: 'web', redirect_uris: [REDIRECT, 'https://app.example.com/cb?tenant=a%20b'] };
const params = (pairs: [string, string][]) => new URLSearchParams(pairs);
const valid = (pairs: [string, string][]) => {
  const check = checkAuthorizeRequest(
    params([['response_type', 'code'], ['client_id', 'web1'], ['redirect_uri', REDIRECT], ...pairs]),
    web,
  );
  if (check.kind !== 'valid') throw new Error(`expected a valid request, got ${JSON.stringify(check)}`);
  return check.request;
};

describe('checking an authorization request', () => {
  it('keeps what the code needs and nothing it does not understand', () => {
    expect(
      valid([
        ['state', 's'],
        ['nonce', 'n'],
        ['scope', 'email openid bogus email'],
        ['prompt', 'consent login'],
        ['login_hint', 'username:joe'],
        ['org_code', 'x'],
      ]),
    ).toEqual({
      clientId: 'web1',
      redirectUri: REDIRECT,
      scope: 'email openid',
      audience: [],
      state: 's',
      nonce: 'n',
      codeChallenge: null,
      prompt: 'login',
      startPage: 'sign-in',
      loginHint: 'username:joe',
      maxAge: null,
    });
  });

  it('uses the default scope when scope is absent or blank', () => {
    expect(valid([]).scope).toBe('openid profile email offline');
    expect(valid([['scope', '  ']]).scope).toBe('openid profile email offline');
  });

  it('decides between sign-in and sign-up pages', () => {
    expect(valid([['prompt', 'create']]).startPage).toBe('sign-up');
    expect(valid([['start_page', 'registration']]).startPage).toBe('sign-up');
    expect(valid([['start_page', 'login']]).startPage).toBe('sign-in');
  });

  it('matches the redirect URI byte for byte, including a registered query', () => {
    const ok = checkAuthorizeRequest(
      params([
        ['response_type', 'code'],
        ['client_id', 'web1'],
        ['redirect_uri', 'https://app.example.com/cb?tenant=a%20b'],
      ]),
      web,
    );
    expect(ok.kind).toBe('valid');
    const near = checkAuthorizeRequest(
      params([
        ['response_type', 'code'],
        ['client_id', 'web1'],
        ['redirect_uri', 'https://app.example.com/cb?tenant=a+b'],
      ]),
      web,
    );
    expect(near.kind).toBe('show');
  });

  it('shows an error for a client the lookup did not find or that differs from the one named', () => {
    expect(
      checkAuthorizeRequest(
        params([
          ['client_id', 'web1'],
          ['redirect_uri', REDIRECT],
        ]),
        undefined,
      ).kind,
    ).toBe('show');
    expect(
      checkAuthorizeRequest(
        params([
          ['client_id', 'other'],
          ['redirect_uri', REDIRECT],
        ]),
        web,
      ).kind,
    ).toBe('show');
  });
});

describe('adding parameters to a redirect URI', () => {
  it('appends to a URI without a query, and after a registered query without touching it', () => {
    expect(redirectWith(REDIRECT, { code: 'c', state: 'a b&c' })).toBe(`${REDIRECT}?code=c&state=a+b%26c`);
    expect(redirectWith('https://app.example.com/cb?tenant=a%20b', { code: 'c', state: null })).toBe(
      'https://app.example.com/cb?tenant=a%20b&code=c',
    );
    expect(redirectWith('https://app.example.com/cb?', { code: 'c' })).toBe('https://app.example.com/cb?code=c');
  });
});
