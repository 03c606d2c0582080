import { invalid, RosterError } from './errors.js';

// The exact allow-lists an application registers: where codes may be sent (redirect URIs), where a signed-out browser
// may be sent (logout URIs) and which browser origins may call the token endpoints. Matching is plain string equality,
// so each entry is checked for shape once, here, when it is registered.

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const bad = (message: string) => invalid('INVALID_URI', message);

function parseAbsolute(text: string, what: string): URL {
  // RFC 3986 URIs are printable ASCII; anything else would need encoding first, and matching is byte for byte.
  if (!/^[\x21-\x7e]+$/.test(text))
    throw bad(`${what} must be printable ASCII with no spaces; percent-encode anything else (got "${text}")`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad(`${what} must be an absolute URL (got ${text})`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad(`${what} must use https: (or http: on localhost) (got ${text})`);
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw bad(`${what} may use http: only for localhost, 127.0.0.1 or [::1]; use https: (got ${text})`);
  }
  if (url.username || url.password) throw bad(`${what} must not carry a user name or password (got ${text})`);
  return url;
}

/** A redirect or logout URI: absolute, no fragment, https (http only on loopback hosts). Returned as given. */
export function checkRedirectUri(text: string, what = 'A redirect URI'): string {
  parseAbsolute(text, what);
  if (text.includes('#')) throw bad(`${what} must not have a fragment (got ${text})`);
  return text;
}

/** An origin as browsers send it: `scheme://host[:port]`, nothing after. Returned as given. */
export function checkOrigin(text: string): string {
  const url = parseAbsolute(text, 'An origin');
  if (url.origin !== text)
    throw bad(
      `An origin is scheme://host[:port] with no path, query or trailing slash, as browsers send it (expected ${url.origin}, got ${text})`,
    );
  return text;
}

/** Checks every entry and drops repeats, keeping the order given; a refusal names the list's `field`. */
export function checkList(values: readonly string[], check: (value: string) => string, field?: string): string[] {
  try {
    return [...new Set(values.map(check))];
  } catch (error) {
    throw error instanceof RosterError && field !== undefined ? error.at(field) : error;
  }
}

/** A logo the hosted pages show: an absolute https image URL (http only on loopback hosts), at most 2,000 characters. */
export function checkLogoUrl(text: string): string {
  if (text.length > 2000) throw bad('A logo URL must be at most 2000 characters');
  parseAbsolute(text, 'A logo URL');
  return text;
}
