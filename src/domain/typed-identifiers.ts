// What a person types into a sign-in or sign-up form, read with messages that say what to type instead. The
// Management API keeps the exact rule each value broke; a person at a form needs an example.
import { invalid, RosterError } from './errors.js';
import { normaliseEmail, type NormalisedIdentifier } from './identifiers.js';

export const EMAIL_EXAMPLE = 'Enter an email address like name@example.com';

/** An email address typed into a form; every error names `field`. */
export function typedEmail(value: string, field: string): NormalisedIdentifier {
  if (value.trim() === '') throw invalid('INVALID_EMAIL', 'Enter your email address', field);
  try {
    return normaliseEmail(value);
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    // Invisible and look-alike characters keep their precise message: the person cannot see what is wrong.
    if (/contains|ordinary character|at most/.test(error.message)) throw error.at(field);
    throw invalid('INVALID_EMAIL', EMAIL_EXAMPLE, field);
  }
}

export type IdentifierKind = NormalisedIdentifier['type'];

/** What "Email, phone or username" holds: an email has an @, a phone number only digits and phone punctuation. */
export function identifierKind(value: string): IdentifierKind {
  const text = value.trim();
  if (text.includes('@')) return 'email';
  return /^\+?[0-9][0-9 ().-]*$/.test(text) ? 'phone' : 'username';
}

/** Several problems with one form, each on its field, reported together. */
export class FormProblems extends RosterError {
  constructor(readonly problems: RosterError[]) {
    super(problems[0]!.status, problems[0]!.code, problems.map((p) => p.message).join(' '), problems[0]!.field);
  }
}

/** Runs each check; throws every RosterError they raise at once, or returns their results. */
export function checkAll<T extends unknown[]>(...checks: { [K in keyof T]: () => T[K] }): T {
  const problems: RosterError[] = [];
  const results = checks.map((check) => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof RosterError)) throw error;
      problems.push(...(error instanceof FormProblems ? error.problems : [error]));
      return undefined;
    }
  });
  if (problems.length) throw problems.length === 1 ? problems[0]! : new FormProblems(problems);
  return results as T;
}
