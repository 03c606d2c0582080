import type { Transaction } from 'kysely';
import { invalid } from '../domain/errors.js';
import { assertCleanText, assertDisplayText, normaliseIdentifier, type NormalisedIdentifier } from '../domain/identifiers.js';
import { CONTACT_TYPES_IN_WORDS, isContactType, type ContactIdentityType } from '../domain/identity-types.js';
import { newUserId } from '../domain/ids.js';
import { nameKeys, searchKey } from '../domain/names.js';
import * as identities from '../store/identities.js';
import type { IdentityRow, Schema, UserRow } from '../store/schema.js';
import * as users from '../store/users.js';
import { audit } from './audit.js';
import { inTransaction, type Actor, type Roster } from './context.js';
import { insertNormalised, normaliseAs, userNotFound, type Warning } from './identities.js';
import { assertOneDirection } from './paging.js';

export interface Profile {
  given_name?: string;
  family_name?: string;
  picture?: string;
}

export interface NewUser {
  profile?: Profile;
  provided_id?: string;
  identities?: { type: string; is_verified?: boolean; details?: Record<string, unknown> }[];
}

/** A user with the identities the caller needs: all of them, or only the primaries. */
export interface UserWithIdentities {
  user: UserRow;
  identities: IdentityRow[];
}

type CreatedUser = UserWithIdentities & { warnings: Warning[] };

export function createUser(roster: Roster, input: NewUser, actor: Actor): Promise<CreatedUser> {
  return inTransaction(roster, (trx) => createUserIn(roster, trx, input, actor));
}

/** createUser as one step of a larger use case (sign-up), committing or rolling back with the caller's transaction. */
export async function createUserIn(
  roster: Roster,
  trx: Transaction<Schema>,
  input: NewUser,
  actorOf: Actor | ((userId: string) => Actor),
): Promise<CreatedUser> {
  const profile = checkProfile(input.profile ?? {}, 'profile.');
  if (input.provided_id !== undefined) assertCleanText(input.provided_id, 'provided_id', 'INVALID_REQUEST');
  // Every identity is normalised before anything is written: one bad value refuses the whole request.
  const wanted = (input.identities ?? []).map((item, i) => ({ ...normaliseDetails(item, i), isVerified: item.is_verified }));
  const now = new Date().toISOString();
  const user: UserRow = {
    id: newUserId(),
    provided_id: input.provided_id ?? null,
    first_name: profile.given_name ?? null,
    last_name: profile.family_name ?? null,
    ...nameKeys(profile.given_name ?? null, profile.family_name ?? null),
    picture: profile.picture ?? null,
    is_suspended: 0,
    is_password_reset_requested: 0,
    total_sign_ins: 0,
    failed_sign_ins: 0,
    last_signed_in: null,
    created_on: now,
    updated_on: now,
  };
  await users.insertUser(trx, user);
  // People signing up are the actor of their own creation, and their id exists only from here.
  const actor = typeof actorOf === 'function' ? actorOf(user.id) : actorOf;
  await audit(trx, actor, 'user.created', { userId: user.id }, { provided_id: user.provided_id });
  const added = [];
  for (const identity of wanted) added.push(await insertNormalised(roster, trx, { userId: user.id, ...identity }, actor));
  return { user, identities: added.map((a) => a.identity), warnings: added.flatMap((a) => a.warnings) };
}

function normaliseDetails(
  item: NonNullable<NewUser['identities']>[number],
  index: number,
): { normalised: NormalisedIdentifier; field: string } {
  const prefix = `identities[${index}]`;
  const detail = item.type;
  if (!isContactType(detail))
    throw invalid(
      'INVALID_IDENTITY_TYPE',
      `Identity type ${detail} can't be created with a user; use ${CONTACT_TYPES_IN_WORDS}`,
      `${prefix}.type`,
    );
  const value = item.details?.[detail];
  if (value === undefined)
    throw invalid('INVALID_REQUEST', `${prefix}.details.${detail} is required for a ${item.type} identity`, `${prefix}.details.${detail}`);
  const normalised = normaliseAs(
    { type: item.type, value, phoneCountryId: item.details?.phone_country_id },
    (field) => `${prefix}.details.${field}`,
  );
  return { normalised, field: `${prefix}.details.${detail}` };
}

function checkProfile<T extends Profile>(profile: T, prefix = ''): T {
  for (const field of ['given_name', 'family_name'] as const) {
    const value = profile[field];
    if (value !== undefined) assertDisplayText(value, prefix + field, 'INVALID_REQUEST');
  }
  if (profile.picture !== undefined && profile.picture !== '' && !isWebUrl(profile.picture)) {
    throw invalid('INVALID_REQUEST', 'picture must be an http or https URL', prefix + 'picture');
  }
  return profile;
}

function isWebUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

export async function getUser(roster: Roster, id: string, allIdentities: boolean): Promise<UserWithIdentities> {
  const db = roster.database.db;
  const user = await users.findUser(db, id);
  if (!user) throw userNotFound();
  return { user, identities: await identities.identitiesOfUsers(db, [id], !allIdentities) };
}

export interface UserChanges extends Profile {
  is_suspended?: boolean;
  is_password_reset_requested?: boolean;
  provided_id?: string;
}

export function updateUser(roster: Roster, id: string, changes: UserChanges, actor: Actor): Promise<UserWithIdentities> {
  checkProfile(changes);
  if (changes.provided_id !== undefined) assertCleanText(changes.provided_id, 'provided_id', 'INVALID_REQUEST');
  if (Object.keys(changes).length === 0) throw invalid('NO_FIELDS_TO_UPDATE', 'At least one field must be provided for update');
  return inTransaction(roster, async (trx) => {
    // Name keys derive from both names, so hold the row while reading the one that isn't changing.
    if (!(await users.lockUser(trx, id))) throw userNotFound();
    const before = (await users.findUser(trx, id))!;
    const flag = (b: boolean | undefined) => (b === undefined ? undefined : b ? (1 as const) : (0 as const));
    const firstName = changes.given_name ?? before.first_name;
    const lastName = changes.family_name ?? before.last_name;
    await users.updateUser(trx, id, {
      first_name: firstName,
      last_name: lastName,
      ...nameKeys(firstName, lastName),
      picture: changes.picture,
      provided_id: changes.provided_id,
      is_suspended: flag(changes.is_suspended),
      is_password_reset_requested: flag(changes.is_password_reset_requested),
      updated_on: new Date().toISOString(),
    });
    await audit(trx, actor, 'user.updated', { userId: id }, { ...changes });
    const suspended = flag(changes.is_suspended);
    if (suspended !== undefined && suspended !== before.is_suspended)
      await audit(trx, actor, suspended ? 'user.suspended' : 'user.restored', { userId: id }, {});
    const user = (await users.findUser(trx, id))!;
    return { user, identities: await identities.identitiesOfUsers(trx, [id], true) };
  });
}

export function deleteUser(roster: Roster, id: string, actor: Actor): Promise<void> {
  return inTransaction(roster, async (trx) => {
    if (!(await users.deleteUser(trx, id))) throw userNotFound();
    await audit(trx, actor, 'user.deleted', { userId: id }, {});
  });
}

/** Tokens are built from the database at issue time, so the next token already carries current claims. */
export async function refreshClaims(roster: Roster, id: string, actor: Actor): Promise<void> {
  await inTransaction(roster, async (trx) => {
    if (!(await users.lockUser(trx, id))) throw userNotFound();
    await audit(trx, actor, 'user.claims_refreshed', { userId: id }, {});
  });
}

export interface UserListQuery {
  userIds?: string[];
  /** Raw filter values per identity type, normalised here exactly as on write. */
  identityFilters: { type: ContactIdentityType; values: string[] }[];
  pageSize: number;
  afterId?: string;
  allIdentities: boolean;
  /** Only users whose last sign-in is at or after this RFC 3339 time. */
  activeSince?: string;
  onlyWithOrganization?: boolean;
}

export async function listUsers(roster: Roster, query: UserListQuery): Promise<{ users: UserWithIdentities[]; lastId: string | null }> {
  const filter: users.UserFilter = {
    ids: query.userIds,
    identities: query.identityFilters.map(({ type, values }) => ({
      type,
      lookupKeys: values.map((value) => normaliseIdentifier(type, value).lookupKey),
    })),
    afterId: query.afterId,
    signedInSince: query.activeSince === undefined ? undefined : new Date(query.activeSince).toISOString(),
    limit: query.pageSize + 1,
  };
  if (query.onlyWithOrganization) return { users: [], lastId: null };
  const rows = await users.listUsers(roster.database.db, filter);
  const page = rows.slice(0, query.pageSize);
  const more = rows.length > query.pageSize;
  return { users: await withIdentities(roster, page, query.allIdentities), lastId: more ? page[page.length - 1]!.id : null };
}

export interface UserSearchQuery {
  query: string;
  pageSize: number;
  startingAfter?: string;
  endingBefore?: string;
  allIdentities: boolean;
}

export async function searchUsers(roster: Roster, search: UserSearchQuery): Promise<UserWithIdentities[]> {
  assertOneDirection(search);
  const text = search.query.trim();
  assertCleanText(text, 'query', 'INVALID_REQUEST');
  const prefix = text === '*' || text === '' ? null : searchKey(text);
  const rows = await users.searchUsers(roster.database.db, {
    keyPrefix: prefix,
    namePrefix: prefix,
    exact: prefix === null ? null : text,
    afterId: search.startingAfter,
    beforeId: search.endingBefore,
    limit: search.pageSize,
  });
  return withIdentities(roster, rows, search.allIdentities);
}

async function withIdentities(roster: Roster, rows: UserRow[], all: boolean): Promise<UserWithIdentities[]> {
  const found = await identities.identitiesOfUsers(
    roster.database.db,
    rows.map((u) => u.id),
    !all,
  );
  const byUser = new Map<string, IdentityRow[]>();
  for (const identity of found) {
    const list = byUser.get(identity.user_id);
    if (list) list.push(identity);
    else byUser.set(identity.user_id, [identity]);
  }
  return rows.map((user) => ({ user, identities: byUser.get(user.id) ?? [] }));
}
