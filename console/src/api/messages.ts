import { ApiError, NETWORK_ERROR, type ApiErrorItem } from './client';

/** Where an error belongs in a form: on one of its fields, or about the form as a whole. */
export type FormField = 'value' | 'country' | 'first_name' | 'last_name' | 'form';

export interface FormError {
  field: FormField;
  message: string;
}

const TYPE_WORDS: Record<string, string> = { email: 'email', phone: 'phone number', username: 'username' };

const countryName = (code: string) => {
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
};

/** The API names fields as the request did (`value`, `identities[0].details.phone`, `given_name`…). */
function fieldOf(error: ApiErrorItem): FormField {
  const field = error.field ?? '';
  if (/phone_country_id|country/.test(field)) return 'country';
  if (/(^|\.)(value|email|phone|username)$/.test(field)) return 'value';
  if (/given_name|first_name/.test(field)) return 'first_name';
  if (/family_name|last_name/.test(field)) return 'last_name';
  if (['INVALID_EMAIL', 'INVALID_PHONE', 'INVALID_USERNAME', 'IDENTITY_ALREADY_EXISTS', 'USERNAME_LOOKALIKE'].includes(error.code))
    return 'value';
  return 'form';
}

function phoneReason(error: ApiErrorItem): string {
  const { message } = error;
  if (/phone_country_id must be/.test(message)) return 'Choose the country of this number.';
  if (/international format/.test(message)) return 'Start the number with + and its country code, or choose its country.';
  const country = /not a valid number for ([A-Z]{2})$/.exec(message)?.[1];
  if (country) return `This isn't a valid phone number in ${countryName(country)}. Check the digits, or choose another country.`;
  if (/for its country code/.test(message)) return "This isn't a valid phone number for its country code. Check the digits.";
  if (/may contain only/.test(message)) return 'Use only digits, a leading +, spaces, dashes, dots and brackets.';
  if (/no digits|is required/.test(message)) return 'Enter a phone number.';
  return message.endsWith('.') ? message : `${message}.`;
}

/** A scope name from "This request needs the scope read:users". */
const scopeOf = (error: ApiErrorItem) => /scope (\S+)/.exec(error.message)?.[1];

/** One API error in words a person understands. `identityType` names what a form was adding. */
export function describe(error: ApiErrorItem, identityType?: string): string {
  const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
  switch (error.code) {
    case NETWORK_ERROR:
      return 'Roster could not be reached. Check your connection, then try again.';
    case 'IDENTITY_ALREADY_EXISTS':
      return `This ${TYPE_WORDS[identityType ?? ''] ?? 'identity'} is already in use.`;
    case 'INVALID_PHONE':
      return phoneReason(error);
    case 'INVALID_USERNAME':
      return /2–64/.test(error.message) ? 'Use 2 to 64 characters: letters A–Z, digits, - and _.' : sentence(error.message);
    case 'USERNAME_LOOKALIKE':
      return `${sentence(error.message.replace(/^Username \S+ looks like/, 'This username looks too much like'))} Choose one that can't be mistaken for it.`;
    case 'LAST_IDENTITY':
      return "This is the user's last identity, so it can't be deleted. Delete the user instead.";
    case 'PRIMARY_REQUIRED':
      return 'Every type keeps a primary: make another identity primary instead.';
    case 'IDENTITY_CANNOT_BE_PRIMARY':
      return "This kind of identity can't be primary.";
    case 'PROVIDED_ID_ALREADY_EXISTS':
      return 'Another user already has this provided id.';
    case 'USER_NOT_FOUND':
      return 'This user no longer exists.';
    case 'IDENTITY_NOT_FOUND':
      return 'This identity no longer exists.';
    case 'CONFLICT':
      return 'Someone changed this user at the same moment. Try again.';
    case 'INSUFFICIENT_SCOPE': {
      const scope = scopeOf(error);
      return `Your admin access doesn't include this${scope ? ` (it needs ${scope})` : ''}.`;
    }
    case 'ROUTE_NOT_FOUND':
      return "This Roster server doesn't offer this yet. Update Roster, then try again.";
    case 'INTERNAL_ERROR':
      return 'Something went wrong on the server. Try again in a moment.';
    default:
      return sentence(error.message);
  }
}

/** Every error of a failed call, each placed on its form field. */
export function formErrors(error: unknown, identityType?: string): FormError[] {
  if (!(error instanceof ApiError)) return [{ field: 'form', message: 'Something went wrong. Try again.' }];
  if (error.status >= 500) return [{ field: 'form', message: describe({ code: 'INTERNAL_ERROR', message: '' }) }];
  return error.errors.map((item) => ({ field: fieldOf(item), message: describe(item, identityType) }));
}

/** A failed call as one sentence, for places with no form. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Try again.';
  if (error.status >= 500) return describe({ code: 'INTERNAL_ERROR', message: '' });
  return describe(error.errors[0] ?? { code: '', message: error.message });
}
