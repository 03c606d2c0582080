import { expect } from 'vitest';
import { CLI_ACTOR } from '../../src/domain/actor.js';
import { inTransaction, type Roster } from '../../src/services/context.js';
import { storePassword } from '../../src/services/passwords.js';
import { createUser } from '../../src/services/users.js';
import { listOutbox } from '../../src/store/outbox.js';

export interface PageResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** The pages a successful form leads to, rather than back into the application. */
const NEXT_PAGES = new Set(['/auth/verify', '/auth/sign-in/continue']);

/** A cookie jar over fetch: what a browser without JavaScript does, one request at a time, redirects not followed. */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  async get(path: string): Promise<PageResponse> {
    return this.send(path, { method: 'GET' });
  }

  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<PageResponse> {
    return this.send(path, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  /**
   * Fills in and posts the form whose action is `action` on `page`, copying its hidden inputs as they are. A form that
   * did its work answers 303 to the page that comes next (post/redirect/get); that page is fetched, as a browser does.
   */
  async submit(
    page: PageResponse,
    action: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<PageResponse> {
    const answer = await this.post(action, { ...hiddenInputs(page.text, action), ...fields }, headers);
    const location = answer.headers.get('location');
    if (answer.status === 303 && location && NEXT_PAGES.has(new URL(location, this.base).pathname)) return this.get(location);
    return answer;
  }

  private async send(path: string, init: RequestInit): Promise<PageResponse> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(this.base + path, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, headers: response.headers, text: await response.text() };
  }
}

const decode = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The markup of the form posting to `action`; the test fails if there is none. */
export function formHtml(page: string, action: string): string {
  const match = new RegExp(`<form[^>]*action="${action.replace(/[/.]/g, '\\$&')}"[^>]*>([\\s\\S]*?)</form>`).exec(page);
  expect(match, `no form posting to ${action} in:\n${page}`).not.toBeNull();
  return match![0];
}

export function hiddenInputs(page: string, action: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const input of formHtml(page, action).matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1];
    if (name !== undefined) fields[name] = decode(value ?? '');
  }
  return fields;
}

/** The `value` of the input named `name` in the form posting to `action` ('' when it has none). */
export function inputValue(page: string, action: string, name: string): string {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(formHtml(page, action))?.[0];
  expect(input, `no input ${name} in ${action}`).toBeDefined();
  return decode(/value="([^"]*)"/.exec(input!)?.[1] ?? '');
}

/** The one run of exactly six digits in a message. */
export function codeIn(text: string): string {
  const runs = text.match(/(?<![0-9])[0-9]{6}(?![0-9])/g) ?? [];
  expect(runs, text).toHaveLength(1);
  return runs[0]!;
}

/** The newest outbox message to this recipient, if any. */
export async function lastOutboxMessage(roster: Roster, recipient: string) {
  const messages = await listOutbox(roster.database.db);
  return messages.filter((m) => m.recipient === recipient).at(-1);
}

export interface TestUser {
  id: string;
  identityIds: string[];
}

/** A user made through the services: each given identifier becomes an identity, and the password is stored. */
export async function makeUser(
  roster: Roster,
  spec: { email?: string; username?: string; phone?: string; password?: string; givenName?: string; emailVerified?: boolean },
): Promise<TestUser> {
  const identities = [
    ...(spec.email ? [{ type: 'email', is_verified: spec.emailVerified ?? false, details: { email: spec.email } }] : []),
    ...(spec.username ? [{ type: 'username', details: { username: spec.username } }] : []),
    ...(spec.phone ? [{ type: 'phone', details: { phone: spec.phone } }] : []),
  ];
  const created = await createUser(roster, { identities, profile: spec.givenName ? { given_name: spec.givenName } : undefined }, CLI_ACTOR);
  if (spec.password) await inTransaction(roster, (trx) => storePassword(trx, created.user.id, spec.password!));
  return { id: created.user.id, identityIds: created.identities.map((i) => i.id) };
}

/** Opens the sign-in page for a request id (which the pages only carry along). */
export async function openSignIn(browser: Browser, query = ''): Promise<PageResponse> {
  const page = await browser.get(`/auth/sign-in${query}`);
  expect(page.status, page.text).toBe(200);
  return page;
}

/** The sign-in page's first step: types the identifier (and a country) and continues to what it can do. */
export async function continueAs(browser: Browser, identifier: string, query = '', country?: string): Promise<PageResponse> {
  const page = await browser.submit(await openSignIn(browser, query), '/auth/sign-in', { identifier, ...(country ? { country } : {}) });
  expect(page.status, page.text).toBe(200);
  return page;
}
