import { errorSummary, field, hidden, noErrors, type FormErrors } from './forms.js';
import { html, type Html } from './html.js';
import { page } from './layout.js';

export interface PageBase {
  customTheme: boolean;
  csrf: string;
  /** The authorization request this sign-in will resume. */
  request: string | undefined;
}

/** A page path carrying the authorization request along. */
export const withRequest = (path: string, request: string | undefined) =>
  request ? `${path}?request=${encodeURIComponent(request)}` : path;

const formHidden = (base: PageBase, extra: Html | '' = '') => html`${hidden('request', base.request)}${hidden('csrf', base.csrf)}${extra}`;

export interface SignInState {
  passwordForm: { identifier: string; errors: FormErrors };
  codeForm: { identifier: string; country: string; errors: FormErrors };
  /** Which form the person most likely wants (a phone hint means the code form). */
  preferred: 'password' | 'code';
}

export const emptySignIn = (): SignInState => ({
  passwordForm: { identifier: '', errors: noErrors() },
  codeForm: { identifier: '', country: '', errors: noErrors() },
  preferred: 'password',
});

const PASSWORD_IDS: Record<string, string> = { identifier: 'password-identifier', password: 'password' };
const CODE_IDS: Record<string, string> = { identifier: 'code-identifier', country: 'code-country' };

/** The field to focus: the first in error, else the first empty one of the form the person most likely wants. */
function focusOf(order: [ids: Record<string, string>, errors: FormErrors, values: Record<string, string>][]): string | undefined {
  for (const [ids, errors] of order) for (const name of Object.keys(ids)) if (errors.has(name)) return ids[name];
  for (const [ids, errors] of order) if (errors.size > 0) return Object.values(ids)[0];
  const [ids, , values] = order[0]!;
  return Object.values(ids).find((id, i) => !values[Object.keys(ids)[i]!]) ?? Object.values(ids)[0];
}

export function signInPage(base: PageBase, state: SignInState): string {
  const { passwordForm, codeForm } = state;
  const forms: [Record<string, string>, FormErrors, Record<string, string>][] = [
    [PASSWORD_IDS, passwordForm.errors, { identifier: passwordForm.identifier }],
    [CODE_IDS, codeForm.errors, { identifier: codeForm.identifier, country: codeForm.country }],
  ];
  const focus = focusOf(state.preferred === 'code' ? [forms[1]!, forms[0]!] : forms);
  const body = html`${errorSummary(passwordForm.errors, (name) => PASSWORD_IDS[name])}${errorSummary(codeForm.errors, (name) => CODE_IDS[name])}
<form method="post" action="/auth/sign-in/password" novalidate>
<h2>Sign in with a password</h2>
${formHidden(base)}
${field({ name: 'identifier', id: PASSWORD_IDS.identifier!, label: 'Email or username', autocomplete: 'username', value: passwordForm.identifier, required: true, autofocus: focus === PASSWORD_IDS.identifier }, passwordForm.errors)}
${field({ name: 'password', id: PASSWORD_IDS.password!, label: 'Password', type: 'password', autocomplete: 'current-password', required: true, autofocus: focus === PASSWORD_IDS.password }, passwordForm.errors)}
<button type="submit">Sign in</button>
</form>
<hr class="divider">
<form method="post" action="/auth/sign-in/code" novalidate>
<h2>Or get a code by email or text message</h2>
${formHidden(base)}
${field({ name: 'identifier', id: CODE_IDS.identifier!, label: 'Email or phone number', autocomplete: 'email', value: codeForm.identifier, required: true, autofocus: focus === CODE_IDS.identifier }, codeForm.errors)}
${field({ name: 'country', id: CODE_IDS.country!, label: 'Country of the phone number (optional)', hint: 'Two letters, such as GB or AU, for a number written without + and its country code.', autocomplete: 'country', value: codeForm.country, autofocus: focus === CODE_IDS.country }, codeForm.errors)}
<button type="submit">Send me a code</button>
</form>
<p class="links">No account yet? <a href="${withRequest('/auth/sign-up', base.request)}">Create one</a></p>`;
  return page({ title: 'Sign in', body, customTheme: base.customTheme });
}

export interface SignUpState {
  values: { email: string; given_name: string; family_name: string };
  errors: FormErrors;
}

const SIGN_UP_IDS: Record<string, string> = {
  email: 'email',
  given_name: 'given_name',
  family_name: 'family_name',
  password: 'new-password',
};

export function signUpPage(base: PageBase, state: SignUpState): string {
  const { values, errors } = state;
  const focus = focusOf([[SIGN_UP_IDS, errors, values]]);
  const body = html`${errorSummary(errors, (name) => SIGN_UP_IDS[name])}
<form method="post" action="/auth/sign-up" novalidate>
${formHidden(base)}
${field({ name: 'email', id: 'email', label: 'Email', type: 'email', autocomplete: 'email', inputmode: 'email', value: values.email, required: true, autofocus: focus === 'email' }, errors)}
${field({ name: 'given_name', id: 'given_name', label: 'First name', autocomplete: 'given-name', value: values.given_name, autofocus: focus === 'given_name' }, errors)}
${field({ name: 'family_name', id: 'family_name', label: 'Last name', autocomplete: 'family-name', value: values.family_name, autofocus: focus === 'family_name' }, errors)}
${field({ name: 'password', id: 'new-password', label: 'Password (optional)', type: 'password', hint: 'At least 8 characters. Leave it empty to sign in with a code sent to your email each time.', autocomplete: 'new-password', autofocus: focus === 'new-password' }, errors)}
<button type="submit">Continue</button>
</form>
<p class="links">Already have an account? <a href="${withRequest('/auth/sign-in', base.request)}">Sign in</a></p>`;
  return page({ title: 'Create your account', body, customTheme: base.customTheme });
}

export interface VerifyState {
  challenge: string;
  /** What the person typed, normalised: shown so they know where to look. */
  recipient: string;
  purpose: string;
  channel: 'email' | 'sms';
  errors: FormErrors;
}

export function verifyPage(base: PageBase, state: VerifyState): string {
  const where = state.channel === 'sms' ? 'by text message' : 'by email';
  const intro =
    state.purpose === 'sign-up'
      ? html`<p>We have sent a 6-digit code to <strong>${state.recipient}</strong>. It expires in 10 minutes.</p>`
      : html`<p>If <strong>${state.recipient}</strong> belongs to an account, we have sent a 6-digit code to it ${where}. It expires in 10 minutes.</p>`;
  const body = html`${errorSummary(state.errors, (name) => (name === 'code' ? 'code' : undefined))}
${intro}
<form method="post" action="/auth/verify" novalidate>
${formHidden(base, hidden('challenge', state.challenge))}
${field({ name: 'code', id: 'code', label: 'Code', autocomplete: 'one-time-code', inputmode: 'numeric', required: true, autofocus: true }, state.errors)}
<button type="submit">Continue</button>
</form>
<p class="links">No code? <a href="${withRequest('/auth/sign-in', base.request)}">Start again</a></p>`;
  return page({ title: 'Enter your code', body, customTheme: base.customTheme });
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

export function signedOutPage(customTheme: boolean): string {
  return page({ title: 'You are signed out', body: html`<p>You can close this window.</p>`, customTheme });
}

/** A page for what can't be shown on a form: a failed CSRF check, a broken link, a suspended account. */
export function messagePage(customTheme: boolean, title: string, message: string, link?: { href: string; text: string }): string {
  const body = html`<div role="alert"><p>${message}</p></div>
${link ? html`<p><a href="${link.href}">${link.text}</a></p>` : ''}`;
  return page({ title, body, customTheme });
}
