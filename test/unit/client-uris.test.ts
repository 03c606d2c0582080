import { describe, expect, it } from 'vitest';
import { checkList, checkOrigin, checkRedirectUri } from '../../src/domain/client-uris.js';

describe('registered redirect URIs and origins', () => {
  it('accepts https anywhere and http only on loopback hosts, as given', () => {
    for (const uri of [
      'https://app.example.com/callback',
      'https://app.example.com:8443/cb?tenant=1',
      'http://localhost:3000',
      'http://127.0.0.1:8080/api/auth/kinde_callback',
      'http://[::1]:3000/cb',
    ]) {
      expect(checkRedirectUri(uri)).toBe(uri);
    }
  });

  it('refuses relative, fragment, non-http, plain http elsewhere, credentials, spaces and non-ASCII', () => {
    for (const uri of [
      '/callback',
      'app.example.com/callback',
      '//app.example.com/callback',
      'https://app.example.com/cb#frag',
      'https://app.example.com/cb#',
      'http://app.example.com/callback',
      'http://192.168.1.2/callback',
      'http://localhost.evil.com/cb',
      'javascript:alert(1)',
      'data:text/html,hi',
      'ftp://app.example.com/',
      'myapp://callback',
      'https://user:pass@app.example.com/cb',
      'https://good@evil.com/cb',
      ' https://app.example.com/cb',
      'https://app.example.com/a b',
      'https://app.example.com/café',
      '',
    ]) {
      expect(() => checkRedirectUri(uri), uri).toThrow();
    }
  });

  it('names the kind of URI in the message', () => {
    expect(() => checkRedirectUri('http://example.com/', 'A logout URI')).toThrow(/^A logout URI may use http: only for localhost/);
  });

  it('accepts origins exactly as browsers send them and refuses anything more or less', () => {
    for (const origin of ['https://app.example.com', 'https://app.example.com:8443', 'http://localhost:3000', 'http://127.0.0.1:5173'])
      expect(checkOrigin(origin)).toBe(origin);
    for (const origin of [
      'https://app.example.com/',
      'https://app.example.com/path',
      'https://app.example.com?x',
      'https://APP.example.com',
      'https://app.example.com:443',
      'http://app.example.com',
      'app.example.com',
      '*',
      'null',
    ]) {
      expect(() => checkOrigin(origin), origin).toThrow();
    }
  });

  it('keeps the first of repeated entries, in order', () => {
    expect(checkList(['https://b.example.com', 'https://a.example.com', 'https://b.example.com'], checkOrigin)).toEqual([
      'https://b.example.com',
      'https://a.example.com',
    ]);
  });
});
