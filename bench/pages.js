// The hosted sign-in pages driven over plain HTTP for the benchmarks: one cookie jar per simulated browser, forms read
// with regular expressions (the pages are plain server-rendered HTML), redirects followed by hand.
import { send } from './http.js';

export class Browser {
  cookies = new Map();

  async request(url, { body } = {}) {
    const response = await send(url, {
      method: body ? 'POST' : 'GET',
      headers: {
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: body?.toString(),
    });
    for (const line of response.headers['set-cookie'] ?? []) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const expired = /max-age=0\b/i.test(line);
      if (expired) this.cookies.delete(pair.slice(0, eq).trim());
      else this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const { location } = response.headers;
    return { url, status: response.status, location: location && new URL(location, url).toString(), html: response.text };
  }

  /** Follows redirects from `url` until a page answers or a redirect matches `stop` (returned unfollowed). */
  async follow(url, stop = () => false, first) {
    let page = first ?? (await this.request(url));
    for (let hops = 0; page.status >= 300 && page.status < 400 && page.location; hops++) {
      if (stop(page.location) || hops > 15) return page;
      page = await this.request(page.location);
    }
    return page;
  }

  /** Posts the form with this action path: its own fields, then `values`. */
  submit(page, actionPath, values) {
    const form = findForm(page, actionPath);
    return this.request(form.action, { body: new URLSearchParams({ ...form.fields, ...values }) });
  }
}

const decode = (text) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const attr = (tag, name) => {
  const match = tag.match(new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'));
  return match ? decode(match[1] ?? match[2] ?? match[3]) : undefined;
};

export function findForm(page, actionPath) {
  for (const [, open, inner] of page.html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/gi)) {
    const action = new URL(attr(open, 'action') ?? '', page.url);
    if (action.pathname !== actionPath) continue;
    const fields = {};
    for (const [input] of inner.matchAll(/<input\b[^>]*>/gi)) {
      const name = attr(input, 'name');
      if (name && !/^(submit|button)$/i.test(attr(input, 'type') ?? '')) fields[name] = attr(input, 'value') ?? '';
    }
    return { action: action.toString(), fields };
  }
  throw new Error(`no form posting to ${actionPath} on ${page.url} (status ${page.status}): ${page.html.slice(0, 300)}`);
}

export const authorizeUrl = (base, clientId, redirectUri, extra = {}) =>
  `${base}/oauth2/auth?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: 'openid profile email offline', state: Math.random().toString(36).slice(2), ...extra })}`;

const toCallback = (redirectUri) => (location) => location.startsWith(`${redirectUri}?`);

function callbackOf(page, redirectUri) {
  if (!page.location || !toCallback(redirectUri)(page.location))
    throw new Error(
      `expected a redirect to ${redirectUri}, got ${page.status} ${page.url} -> ${page.location}\n${page.html.slice(0, 300)}`,
    );
  return page.location;
}

/** Authorize URL → sign-in page → identifier → password → the callback URL (redirect_uri?code=…). */
export async function signInWithPassword(url, identifier, password, redirectUri) {
  const browser = new Browser();
  const page = await browser.follow(url);
  const continued = await browser.submit(page, '/auth/sign-in', { identifier });
  const methods = await browser.follow(continued.url, () => false, continued);
  const answer = await browser.submit(methods, '/auth/sign-in/password', { password });
  return callbackOf(await browser.follow(answer.url, toCallback(redirectUri), answer), redirectUri);
}

/** Signs up through the pages (prompt=create), reading the code with `readCode(email)`; returns the callback URL. */
export async function signUp(base, clientId, redirectUri, profile, readCode) {
  const browser = new Browser();
  const page = await browser.follow(authorizeUrl(base, clientId, redirectUri, { prompt: 'create' }));
  const sent = await browser.submit(page, '/auth/sign-up', profile);
  const verify = await browser.follow(sent.url, () => false, sent);
  const answer = await browser.submit(verify, '/auth/verify', { code: await readCode(profile.email) });
  return callbackOf(await browser.follow(answer.url, toCallback(redirectUri), answer), redirectUri);
}

/** The only run of exactly six digits in the newest outbox message to `recipient`. */
export function codeFrom(outbox, recipient) {
  const message = outbox.filter((m) => m.recipient.toLowerCase() === recipient.toLowerCase()).at(-1);
  const code = message?.body.match(/(?<!\d)\d{6}(?!\d)/)?.[0];
  if (!code) throw new Error(`no code for ${recipient} in the outbox`);
  return code;
}
