import { describe, expect, it } from 'vitest';
import { parseLoginHint } from '../../src/domain/login-hint.js';

describe("Kinde's login_hint forms", () => {
  it('reads an email', () => {
    expect(parseLoginHint('joe@blogs.com')).toEqual({ type: 'email', email: 'joe@blogs.com' });
    expect(parseLoginHint('  joe@blogs.com ')).toEqual({ type: 'email', email: 'joe@blogs.com' });
    expect(parseLoginHint('email:joe@blogs.com')).toEqual({ type: 'email', email: 'joe@blogs.com' });
  });

  it('reads a phone with and without its country', () => {
    expect(parseLoginHint('phone:+447700900000:gb')).toEqual({ type: 'phone', phone: '+447700900000', country: 'GB' });
    expect(parseLoginHint('phone:+447700900000')).toEqual({ type: 'phone', phone: '+447700900000' });
    expect(parseLoginHint('phone:+447700900000:nowhere')).toEqual({ type: 'phone', phone: '+447700900000' });
  });

  it('reads a username', () => {
    expect(parseLoginHint('username:joebloggs')).toEqual({ type: 'username', username: 'joebloggs' });
  });

  it('ignores what it cannot use', () => {
    for (const hint of [undefined, '', '   ', 'joebloggs', 'phone:', 'username:', 'email:nope', 'x'.repeat(400) + '@a.com']) {
      expect(parseLoginHint(hint), String(hint)).toBeUndefined();
    }
  });
});
