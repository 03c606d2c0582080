import { errorSummary, field, hidden, type FormErrors } from './forms.js';
import { html } from './html.js';
import { page } from './layout.js';

export interface SetupBase {
  customTheme: boolean;
  csrf: string;
  token: string;
}

const TITLE = 'Set up Roster';

export function setupEmailPage(base: SetupBase, email: string, errors: FormErrors): string {
  const body = html`${errorSummary(errors, (name) => (name === 'email' ? 'email' : undefined))}
<p>Nobody administers this Roster yet. Enter your email: we will send you a code, and you become its first admin.</p>
<form method="post" action="/auth/admin-setup" novalidate>
${hidden('csrf', base.csrf)}${hidden('token', base.token)}
${field({ name: 'email', id: 'email', label: 'Your email', type: 'email', autocomplete: 'email', inputmode: 'email', value: email, required: true, autofocus: true }, errors)}
<button type="submit">Send me a code</button>
</form>`;
  return page({ title: TITLE, body, customTheme: base.customTheme });
}

export function setupCodePage(base: SetupBase, state: { challenge: string; email: string; errors: FormErrors }): string {
  const body = html`${errorSummary(state.errors, (name) => (name === 'code' ? 'code' : undefined))}
<p>We have sent a 6-digit code to <strong>${state.email}</strong>. It expires in 10 minutes.</p>
<form method="post" action="/auth/admin-setup/verify" novalidate>
${hidden('csrf', base.csrf)}${hidden('token', base.token)}${hidden('challenge', state.challenge)}${hidden('email', state.email)}
${field({ name: 'code', id: 'code', label: 'Code', autocomplete: 'one-time-code', inputmode: 'numeric', required: true, autofocus: true }, state.errors)}
<button type="submit">Become the admin</button>
</form>`;
  return page({ title: 'Enter your code', body, customTheme: base.customTheme });
}
