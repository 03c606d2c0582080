import { invalid, RosterError } from '../../domain/errors.js';
import { assertCleanText, assertDisplayText, normaliseIdentifier } from '../../domain/identifiers.js';
import { normaliseImportedPassword } from '../../domain/imported-password.js';
import { startsAsPrimary, startsConfirmed } from '../../domain/rules.js';
import type { ImportedIdentity, ImportedUser } from './record.js';
import type { RowProblem } from './report.js';

/** An identity ready to store: normalised exactly as the API normalises it, with its primary and confirmed flags. */
export interface ValidIdentity {
  type: string;
  name: string;
  lookupKey: string;
  lookalikeKey: string | null;
  lookalikeCasedKey: string | null;
  connectionId: string | null;
  isPrimary: boolean;
  isConfirmed: boolean;
  /** Where it was in the row, for the report. */
  field: string;
}

export interface ValidUser {
  row: number;
  providedId: string | null;
  firstName: string | null;
  lastName: string | null;
  picture: string | null;
  identities: ValidIdentity[];
  password: { algorithm: string; hash: string; params: string | null } | null;
}

export type Validated = { ok: true; user: ValidUser } | { ok: false; problem: RowProblem };

// The API's limits for the same fields (POST /user).
const NAME_MAX = 255;
const PICTURE_MAX = 2048;
const PROVIDED_ID_MAX = 255;
const SUBJECT_MAX = 255;

/** Checks one imported row with the rules the API applies to the same values; the first problem makes it invalid. */
export function validateUser(user: ImportedUser): Validated {
  try {
    return { ok: true, user: checkedUser(user) };
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    return { ok: false, problem: { row: user.row, field: error.field ?? 'row', code: error.code, reason: error.message } };
  }
}

function checkedUser(user: ImportedUser): ValidUser {
  const providedId = optionalText(user.providedId);
  if (providedId !== null) {
    assertCleanText(providedId, 'id', 'INVALID_REQUEST');
    if (providedId.length > PROVIDED_ID_MAX) throw invalid('INVALID_REQUEST', `The id must be at most ${PROVIDED_ID_MAX} characters`, 'id');
  }
  const firstName = checkedName(user.firstName, 'first_name');
  const lastName = checkedName(user.lastName, 'last_name');
  const picture = checkedPicture(user.picture);

  const identities: ValidIdentity[] = [];
  const hasPrimary = new Set<string>();
  const fieldOfKey = new Map<string, string>();
  // Where the file names a type's primary, that one is primary; otherwise the first of the type.
  const primaryNamed = new Set(user.identities.filter((item) => item.wantsPrimary).map((item) => item.type));
  for (const item of user.identities) {
    const identity = checkedIdentity(item, hasPrimary.has(item.type) || (primaryNamed.has(item.type) && !item.wantsPrimary));
    const key = `${identity.type}\u0000${identity.lookupKey}`;
    const earlier = fieldOfKey.get(key);
    if (earlier !== undefined) throw invalid('INVALID_REQUEST', `The same ${identity.type} as ${earlier}`, item.field);
    fieldOfKey.set(key, item.field);
    if (identity.isPrimary) hasPrimary.add(identity.type);
    identities.push(identity);
  }
  if (identities.length === 0) throw invalid('INVALID_REQUEST', 'The row has no email, phone, username or social identity', 'identities');

  let password: ValidUser['password'] = null;
  if (user.password) {
    const normalised = normaliseImportedPassword(user.password);
    password = {
      algorithm: normalised.algorithm,
      hash: normalised.hash,
      params: normalised.params === null ? null : JSON.stringify(normalised.params),
    };
  }
  return { row: user.row, providedId, firstName, lastName, picture, identities, password };
}

const optionalText = (value: string | null | undefined) => (value === null || value === undefined || value.trim() === '' ? null : value);

function checkedName(value: string | null, field: string): string | null {
  const name = optionalText(value);
  if (name === null) return null;
  assertDisplayText(name, field, 'INVALID_REQUEST');
  if ([...name].length > NAME_MAX) throw invalid('INVALID_REQUEST', `${field} must be at most ${NAME_MAX} characters`, field);
  return name;
}

function checkedPicture(value: string | null): string | null {
  const picture = optionalText(value);
  if (picture === null) return null;
  let ok = false;
  try {
    ok = /^https?:$/.test(new URL(picture).protocol);
  } catch {
    // not a URL
  }
  if (!ok || picture.length > PICTURE_MAX) throw invalid('INVALID_REQUEST', 'picture must be an http or https URL', 'picture');
  return picture;
}

function checkedIdentity(item: ImportedIdentity, userHasPrimaryOfType: boolean): ValidIdentity {
  if (item.type.startsWith('oauth2:')) return checkedSocialIdentity(item);
  try {
    const normalised = normaliseIdentifier(item.type, item.value);
    return {
      type: normalised.type,
      name: normalised.name,
      lookupKey: normalised.lookupKey,
      lookalikeKey: normalised.lookalikeKey,
      lookalikeCasedKey: normalised.lookalikeCasedKey,
      connectionId: null,
      isPrimary: startsAsPrimary(normalised.type, userHasPrimaryOfType),
      isConfirmed: startsConfirmed(normalised.type, item.isVerified),
      field: item.field,
    };
  } catch (error) {
    throw error instanceof RosterError ? error.at(item.field) : error;
  }
}

/** A social identity is the provider's subject id: kept as given (it is matched exactly), never primary. */
function checkedSocialIdentity(item: ImportedIdentity): ValidIdentity {
  const provider = item.type.slice('oauth2:'.length);
  if (!/^[a-z0-9][a-z0-9_.-]{0,63}$/i.test(provider))
    throw invalid('INVALID_IDENTITY_TYPE', `Unknown social identity type ${item.type}`, item.field);
  const subject = item.value.trim();
  if (subject === '') throw invalid('INVALID_REQUEST', 'The social identity has no subject id', item.field);
  try {
    assertCleanText(subject, 'identity', 'INVALID_REQUEST');
  } catch (error) {
    throw error instanceof RosterError ? error.at(item.field) : error;
  }
  if (subject.length > SUBJECT_MAX)
    throw invalid('INVALID_REQUEST', `The social identity must be at most ${SUBJECT_MAX} characters`, item.field);
  return {
    type: item.type.toLowerCase(),
    name: subject,
    lookupKey: subject,
    lookalikeKey: null,
    lookalikeCasedKey: null,
    connectionId: item.connectionId ?? null,
    isPrimary: false,
    isConfirmed: startsConfirmed(item.type, item.isVerified),
    field: item.field,
  };
}
