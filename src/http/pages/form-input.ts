import { invalid } from '../../domain/errors.js';

export type FormBody = Record<string, unknown>;

/** One text field of a posted form: absent is empty; a repeated field counts by its first value; never an exception. */
export function formText(body: unknown, name: string): string {
  if (!body || typeof body !== 'object') return '';
  const value = (body as FormBody)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

const REQUEST_ID = /^[A-Za-z0-9._~-]{1,200}$/;

/** The authorization request id a page carries, if any; a malformed one is refused rather than passed on. */
export function requestIdOf(value: unknown): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text === '') return undefined;
  if (typeof text !== 'string' || !REQUEST_ID.test(text))
    throw invalid('INVALID_REQUEST', 'This sign-in link is broken. Go back to the app and start again.');
  return text;
}

/** Where a successful sign-in goes next: back into the authorization request, or to the signed-in page. */
export const afterSignIn = (request: string | undefined) =>
  request ? `/oauth2/auth/resume?request=${encodeURIComponent(request)}` : '/auth/signed-in';
