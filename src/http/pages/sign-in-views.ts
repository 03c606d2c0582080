import type { IdentifierKind } from '../../domain/typed-identifiers.js';
import { COUNTRIES } from './countries.js';
import { errorSummary, field, hidden, noErrors, selectField, type FormErrors } from './forms.js';
import { html, type Html } from './html.js';
import { basePage, focusOf, formHidden, withRequest, type PageBase } from './views.js';

/** What the person typed at the first step, carried to the next. */
export interface TypedIdentifier {
  identifier: string;
  country: string;
}

const IDENTIFIER_IDS: [string, string][] = [
  ['identifier', 'identifier'],
  ['country', 'country'],
];

/** The country select for a phone number written without its +: `country` preselected. */
export const countryField = (id: string, country: string, errors: FormErrors) =>
  selectField(
    {
      name: 'country',
      id,
      label: 'Country of your phone number',
      hint: 'Only for a number that does not start with +',
      autocomplete: 'country',
      value: country,
      none: 'Choose a country',
      options: COUNTRIES,
    },
    errors,
  );

/** Step one: "Email, phone or username", and Continue. Says nothing about any account. */
export function identifierPage(base: PageBase, typed: TypedIdentifier, errors: FormErrors = noErrors()): string {
  const ids = new Map(IDENTIFIER_IDS);
  const body = html`${errorSummary(errors, (name) => ids.get(name))}
    <form method="post" action="/auth/sign-in" novalidate>
      ${formHidden(base)}
      ${field({ name: 'identifier', id: 'identifier', label: 'Email, phone or username', autocomplete: 'username', value: typed.identifier, required: true, autofocus: focusOf(errors, IDENTIFIER_IDS) === 'identifier' }, errors)}
      ${countryField('country', typed.country, errors)}
      <button type="submit">Continue</button>
    </form>
    <p class="links">No account yet? <a href="${withRequest('/auth/sign-up', base.request)}">Create account</a></p>`;
  return basePage(base, 'Sign in', body);
}

const DIFFERENT: Record<IdentifierKind, string> = {
  email: 'Use a different email',
  phone: 'Use a different phone number',
  username: 'Use a different username',
};

/** Who is signing in, and the way back to step one to change it. */
export const whoIsSigningIn = (base: PageBase, shown: string, kind: IdentifierKind, startPath = '/auth/sign-in') =>
  html`<p class="identity"><strong>${shown}</strong> <a href="${withRequest(startPath, base.request)}">${DIFFERENT[kind]}</a></p>`;

/**
 * Step two: what this kind of identifier can do. It depends on the identifier's shape only, never on whether an
 * account has it, so it is the same page for everyone who types an email (or a phone number, or a username).
 */
export function methodsPage(
  base: PageBase,
  typed: TypedIdentifier & { kind: IdentifierKind; shown: string },
  errors: FormErrors = noErrors(),
): string {
  const carried: Html = html`${hidden('identifier', typed.identifier)}${hidden('country', typed.country)}`;
  const passwordForm =
    typed.kind === 'phone'
      ? ''
      : html`<form method="post" action="/auth/sign-in/password" novalidate>
            ${formHidden(base, hidden('identifier', typed.identifier))}
            ${field({ name: 'password', id: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', required: true, autofocus: true }, errors)}
            <button type="submit">Sign in</button>
          </form>
          <p class="links"><a href="${withRequest('/auth/password-reset', base.request)}">Forgot your password?</a></p>`;
  const codeForm =
    typed.kind === 'username'
      ? ''
      : html`${passwordForm ? html`<p class="or"><span>or</span></p>` : ''}
          <form method="post" action="/auth/sign-in/code" novalidate>
            ${formHidden(base, carried)}
            <button type="submit" class="${passwordForm ? 'secondary' : ''}">
              ${typed.kind === 'phone' ? 'Text me a code' : 'Email me a code'}
            </button>
          </form>`;
  const body = html`${whoIsSigningIn(base, typed.shown, typed.kind)}
  ${errorSummary(errors, (name) => (name === 'password' ? 'password' : undefined))} ${passwordForm} ${codeForm}`;
  return basePage(base, 'Sign in', body);
}
