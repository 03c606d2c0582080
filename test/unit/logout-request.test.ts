import { describe, expect, it } from 'vitest';
import { readLogoutRequest } from '../../src/domain/logout-request.js';

describe('reading GET /logout', () => {
  it('takes an encoded redirect as one parameter', () => {
    const request = readLogoutRequest(`redirect=${encodeURIComponent('http://localhost:3000/?a=1&b=2')}&all_sessions=true`);
    expect(request.candidates[0]).toBe('http://localhost:3000/?a=1&b=2');
    expect(request.allSessions).toBe(true);
    expect(request.oidc).toBe(false);
  });

  it('offers the raw rest of the query when the SDK did not encode the redirect', () => {
    expect(readLogoutRequest('redirect=http://localhost:3000').candidates).toEqual(['http://localhost:3000']);
    expect(readLogoutRequest('redirect=http://localhost:3000/?a=1&b=2').candidates).toContain('http://localhost:3000/?a=1&b=2');
  });

  it('also offers the raw redirect without our own parameters trailing it', () => {
    const request = readLogoutRequest('redirect=http://localhost:3000/?a=1&b=2&all_sessions=true&client_id=abc');
    expect(request.candidates).toContain('http://localhost:3000/?a=1&b=2');
    expect(request.allSessions).toBe(true);
    expect(request.clientId).toBe('abc');
  });

  it('finds redirect after other parameters, and never takes part of another parameter’s name', () => {
    expect(readLogoutRequest('client_id=abc&redirect=http://localhost:3000').candidates).toEqual(['http://localhost:3000']);
    expect(readLogoutRequest('not_redirect=https://evil.example.com').candidates).toEqual([]);
  });

  it('reads OpenID Connect’s post_logout_redirect_uri with its state', () => {
    const request = readLogoutRequest(`post_logout_redirect_uri=${encodeURIComponent('https://app.example.com/bye')}&state=s%201`);
    expect(request).toMatchObject({ oidc: true, state: 's 1' });
    expect(request.candidates[0]).toBe('https://app.example.com/bye');
  });

  it('has no candidate when no redirect was asked for', () => {
    expect(readLogoutRequest('').candidates).toEqual([]);
    expect(readLogoutRequest('redirect=').candidates).toEqual([]);
  });
});
