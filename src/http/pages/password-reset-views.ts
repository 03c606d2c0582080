import { errorSummary, field, noErrors, type FormErrors } from './forms.js';
import { html } from './html.js';
import { countryField, type TypedIdentifier } from './sign-in-views.js';
import { basePage, focusOf, formHidden, withRequest, type PageBase } from './views.js';

const IDS: [string, string][] = [
  ['identifier', 'identifier'],
  ['country', 'country'],
];

/** Forgot password: where to send the code that proves who is asking. */
export function passwordResetPage(base: PageBase, typed: TypedIdentifier, errors: FormErrors = noErrors()): string {
  const ids = new Map(IDS);
  const body = html`<p>We will send a code to your email or phone. With it you can choose a new password.</p>
    ${errorSummary(errors, (name) => ids.get(name))}
    <form method="post" action="/auth/password-reset" novalidate>
      ${formHidden(base)}
      ${field({ name: 'identifier', id: 'identifier', label: 'Email or phone number', autocomplete: 'username', value: typed.identifier, required: true, autofocus: focusOf(errors, IDS) === 'identifier' }, errors)}
      ${countryField('country', typed.country, errors)}
      <button type="submit">Send me a code</button>
    </form>
    <p class="links"><a href="${withRequest('/auth/sign-in', base.request)}">Back to sign-in</a></p>`;
  return basePage(base, 'Reset your password', body);
}
