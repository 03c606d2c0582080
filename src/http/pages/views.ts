import type { PageApp } from './branding.js';
import { errorSummary, field, hidden, type FormErrors } from './forms.js';
import { html, type Html } from './html.js';
import { page } from './layout.js';

export interface PageBase {
  customTheme: boolean;
  csrf: string;
  /** The authorization request this sign-in will resume. */
  request: string | undefined;
  /** The application that request came from. */
  app: PageApp | undefined;
}

/** A page path carrying the authorization request along. */
export const withRequest = (path: string, request: string | undefined, extra: Record<string, string> = {}) => {
  const query = new URLSearchParams({ ...(request ? { request } : {}), ...extra }).toString();
  return query ? `${path}?${query}` : path;
};

export const formHidden = (base: PageBase, extra: Html | '' = '') =>
  html`${hidden('request', base.request)}${hidden('csrf', base.csrf)}${extra}`;

/** The id of the field to focus: the first in error, else the first of `order`. */
export const focusOf = (errors: FormErrors, order: [name: string, id: string][]) =>
  (order.find(([name]) => errors.has(name)) ?? order[0])?.[1];

export const basePage = (base: PageBase, title: string, body: Html) => page({ title, body, customTheme: base.customTheme, app: base.app });

export interface SignUpState {
  values: { email: string; given_name: string; family_name: string };
  errors: FormErrors;
}

const SIGN_UP_IDS: [string, string][] = [
  ['email', 'email'],
  ['given_name', 'given_name'],
  ['family_name', 'family_name'],
  ['password', 'new-password'],
];

export function signUpPage(base: PageBase, state: SignUpState): string {
  const { values, errors } = state;
  const focus = focusOf(errors, SIGN_UP_IDS);
  const ids = new Map(SIGN_UP_IDS);
  const body = html`${errorSummary(errors, (name) => ids.get(name))}
    <form method="post" action="/auth/sign-up" novalidate>
      ${formHidden(base)}
      ${field({ name: 'email', id: 'email', label: 'Email', type: 'email', autocomplete: 'email', inputmode: 'email', value: values.email, required: true, autofocus: focus === 'email' }, errors)}
      ${field({ name: 'given_name', id: 'given_name', label: 'First name', autocomplete: 'given-name', value: values.given_name, autofocus: focus === 'given_name' && errors.size > 0 }, errors)}
      ${field({ name: 'family_name', id: 'family_name', label: 'Last name', autocomplete: 'family-name', value: values.family_name, autofocus: focus === 'family_name' && errors.size > 0 }, errors)}
      ${field({ name: 'password', id: 'new-password', label: 'Password (optional)', type: 'password', hint: 'At least 8 characters. Leave it empty to sign in with a code sent to your email each time.', autocomplete: 'new-password', autofocus: focus === 'new-password' && errors.size > 0 }, errors)}
      <button type="submit">Continue</button>
    </form>
    <p class="links">Already have an account? <a href="${withRequest('/auth/sign-in', base.request)}">Sign in</a></p>`;
  return basePage(base, 'Create your account', body);
}

export function signedInPage(customTheme: boolean, who: string | undefined): string {
  const body = who
    ? html`<p>You are signed in as <strong>${who}</strong>.</p>
        <p><a href="/logout">Sign out</a></p>`
    : html`<p>You are not signed in.</p>
        <p><a href="/auth/sign-in">Sign in</a></p>`;
  return page({ title: who ? 'You are signed in' : 'Not signed in', body, customTheme });
}

export const SIGN_OUT_EVERYWHERE_PATH = '/auth/sign-out-everywhere';

/**
 * Asked before signing out everywhere for a request that may come from another site: a link alone must not end every
 * session of a person. `logout` is the original request's query, carried to the post.
 */
export function confirmSignOutEverywherePage(customTheme: boolean, csrf: string, logout: string): string {
  const body = html`<p>An application asked to sign you out on every device and browser where you are signed in.</p>
<form method="post" action="${SIGN_OUT_EVERYWHERE_PATH}">
${hidden('csrf', csrf)}${hidden('logout', logout)}
<button type="submit" name="everywhere" value="yes">Sign out everywhere</button>
<button type="submit" name="everywhere" value="no" class="secondary">Only sign out of this browser</button>
</form>`;
  return page({ title: 'Sign out everywhere?', body, customTheme });
}

export function signedOutPage(customTheme: boolean, app?: PageApp): string {
  return page({ title: 'You are signed out', body: html`<p>You can close this window.</p>`, customTheme, app });
}

/** A page for what can't be shown on a form: a failed CSRF check, a broken link, a suspended account. */
export function messagePage(
  customTheme: boolean,
  title: string,
  message: string,
  link?: { href: string; text: string },
  app?: PageApp,
): string {
  const body = html`<div role="alert"><p>${message}</p></div>
    ${link ? html`<p><a href="${link.href}">${link.text}</a></p>` : ''}`;
  return page({ title, body, customTheme, app });
}
