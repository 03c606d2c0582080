import type { IdentifierKind } from '../../domain/typed-identifiers.js';
import { errorSummary, field, hidden, type FormErrors } from './forms.js';
import { html } from './html.js';
import { whoIsSigningIn } from './sign-in-views.js';
import { basePage, focusOf, formHidden, type PageBase } from './views.js';

export interface VerifyState {
  challenge: string;
  /** What the person typed, normalised: shown so they know where to look. */
  recipient: string;
  purpose: string;
  kind: Extract<IdentifierKind, 'email' | 'phone'>;
  /** A new code was just sent. */
  resent: boolean;
  errors: FormErrors;
}

const START: Record<string, string> = { 'sign-up': '/auth/sign-up', 'password-reset': '/auth/password-reset' };

/** The code page; for a password reset it also asks for the new password, checked before the code is spent. */
export function verifyPage(base: PageBase, state: VerifyState): string {
  const what = state.kind === 'phone' ? 'this phone number' : 'this email address';
  const how = state.kind === 'phone' ? 'by text message' : 'by email';
  const reset = state.purpose === 'password-reset';
  const intro =
    state.purpose === 'sign-up'
      ? html`<p>We have sent a 6-digit code to ${what} ${how}. It expires in 10 minutes.</p>`
      : html`<p>If ${what} belongs to an account, we have sent it a 6-digit code ${how}. It expires in 10 minutes.</p>`;
  const ids: [string, string][] = [
    ['code', 'code'],
    ['password', 'new-password'],
  ];
  const focus = focusOf(state.errors, ids);
  const body = html`${whoIsSigningIn(base, state.recipient, state.kind, START[state.purpose])}
    ${state.resent ? html`<p class="notice" role="status">We have sent a new code. Only the newest code works.</p>` : ''}
    ${errorSummary(state.errors, (name) => new Map(ids).get(name))} ${intro}
    <form method="post" action="/auth/verify" novalidate>
      ${formHidden(base, hidden('challenge', state.challenge))}
      ${field({ name: 'code', id: 'code', label: 'Code', autocomplete: 'one-time-code', inputmode: 'numeric', required: true, autofocus: focus === 'code' }, state.errors)}
      ${reset ? field({ name: 'password', id: 'new-password', label: 'New password', type: 'password', hint: 'At least 8 characters, and not a common password.', autocomplete: 'new-password', required: true, autofocus: focus === 'new-password' && state.errors.size > 0 }, state.errors) : ''}
      <button type="submit">${reset ? 'Set password and sign in' : 'Continue'}</button>
    </form>
    <form method="post" action="/auth/verify/resend" class="inline" novalidate>
      ${formHidden(base, hidden('challenge', state.challenge))}
      <p class="links">No code? <button type="submit" class="link">Send a new code</button></p>
    </form>`;
  return basePage(base, reset ? 'Reset your password' : 'Enter your code', body);
}
