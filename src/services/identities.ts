import type { Transaction } from 'kysely';
import { invalid, notFound, RosterError } from '../domain/errors.js';
import { normaliseIdentifier, type NormalisedIdentifier } from '../domain/identifiers.js';
import { newIdentityId } from '../domain/ids.js';
import { assertDeletable, primaryChange, startsAsPrimary, startsConfirmed, successorOf, type IdentityFacts } from '../domain/rules.js';
import { UniqueViolation } from '../store/engine.js';
import * as identities from '../store/identities.js';
import type { IdentityRow, Schema } from '../store/schema.js';
import { findUser, lockUser } from '../store/users.js';
import { audit, identityData } from './audit.js';
import { conflictOf, inTransaction, type Actor, type Roster } from './context.js';
import { assertOneDirection } from './paging.js';

export interface Warning {
  code: string;
  message: string;
}

export interface NewIdentity {
  type: string;
  value: unknown;
  phoneCountryId?: unknown;
  isVerified?: boolean;
}

export interface AddedIdentity {
  identity: IdentityRow;
  warnings: Warning[];
}

export const userNotFound = () => notFound('USER_NOT_FOUND', 'No user has this id');
const identityNotFound = () => notFound('IDENTITY_NOT_FOUND', 'No identity has this id');

export function addIdentity(roster: Roster, userId: string, input: NewIdentity, actor: Actor): Promise<AddedIdentity> {
  const normalised = normaliseAs(input, (field) => (field === 'type' || field === 'phone_country_id' ? field : 'value'));
  return inTransaction(roster, async (trx) => {
    if (!(await lockUser(trx, userId))) throw userNotFound();
    return insertNormalised(roster, trx, { userId, normalised, isVerified: input.isVerified, field: 'value' }, actor);
  });
}

/** Domain errors name the identifier's own fields (`email`, `phone_country_id`); each request names them its own way. */
export function normaliseAs(input: Omit<NewIdentity, 'isVerified'>, fieldInRequest: (field: string) => string): NormalisedIdentifier {
  try {
    return normaliseIdentifier(input.type, input.value, { phoneCountryId: input.phoneCountryId });
  } catch (error) {
    throw error instanceof RosterError ? error.at(fieldInRequest(error.field ?? input.type)) : error;
  }
}

export interface IdentityToInsert {
  userId: string;
  normalised: NormalisedIdentifier;
  isVerified: boolean | undefined;
  /** Where the value was in the request, for the error if it is taken. */
  field: string;
}

/** Inserts an already-normalised identity for a user whose row this transaction holds. */
export async function insertNormalised(
  roster: Roster,
  trx: Transaction<Schema>,
  { userId, normalised, isVerified, field }: IdentityToInsert,
  actor: Actor,
): Promise<AddedIdentity> {
  const warnings = await checkLookalike(roster, trx, normalised);
  const now = new Date().toISOString();
  const identity: IdentityRow = {
    id: newIdentityId(),
    user_id: userId,
    type: normalised.type,
    name: normalised.name,
    lookup_key: normalised.lookupKey,
    lookalike_key: normalised.lookalikeKey,
    lookalike_cased_key: normalised.lookalikeCasedKey,
    connection_id: null,
    is_primary: startsAsPrimary(normalised.type, await identities.hasPrimary(trx, userId, normalised.type)) ? 1 : 0,
    is_confirmed: startsConfirmed(normalised.type, isVerified) ? 1 : 0,
    created_on: now,
    last_login_on: null,
    total_logins: 0,
  };
  try {
    await identities.insertIdentity(trx, identity);
  } catch (error) {
    if (!(error instanceof UniqueViolation && error.rule === 'identity_value')) throw error;
    throw conflictOf(error.rule, normalised.type)!.at(field);
  }
  await audit(trx, actor, 'identity.created', { userId, identityId: identity.id }, { ...identityData(identity), warnings });
  return { identity, warnings };
}

/** Kinde asks for usernames unique "in more than just case": a look-alike is warned about or refused, as configured. */
async function checkLookalike(roster: Roster, trx: Transaction<Schema>, normalised: NormalisedIdentifier): Promise<Warning[]> {
  const policy = roster.config.usernameLookalikes;
  const { lookalikeKey, lookalikeCasedKey } = normalised;
  if (lookalikeKey === null || lookalikeCasedKey === null || policy === 'allow') return [];
  const keys = { folded: lookalikeKey, cased: lookalikeCasedKey };
  await identities.lockLookalikeKeys(trx, keys);
  const twin = await identities.findLookalike(trx, keys, normalised.lookupKey);
  if (!twin) return [];
  const message = `Username ${normalised.name} looks like the existing username ${twin.name}`;
  if (policy === 'reject') throw invalid('USERNAME_LOOKALIKE', message, 'value');
  return [{ code: 'USERNAME_LOOKALIKE', message }];
}

export async function getIdentity(roster: Roster, id: string): Promise<IdentityRow> {
  const identity = await identities.findIdentity(roster.database.db, id);
  if (!identity) throw identityNotFound();
  return identity;
}

export interface IdentityListing {
  identities: IdentityRow[];
  hasMore: boolean;
}

export async function listIdentities(
  roster: Roster,
  userId: string,
  page: { startingAfter?: string; endingBefore?: string; pageSize: number },
): Promise<IdentityListing> {
  assertOneDirection(page);
  const db = roster.database.db;
  const rows = await identities.identitiesOfUser(db, userId, {
    afterId: page.startingAfter,
    beforeId: page.endingBefore,
    limit: page.pageSize + 1,
  });
  if (rows.length === 0 && !(await findUser(db, userId))) throw userNotFound();
  const hasMore = rows.length > page.pageSize;
  // Walking backwards, the extra row is the oldest one, at the front.
  const shown = !hasMore ? rows : page.endingBefore ? rows.slice(1) : rows.slice(0, page.pageSize);
  return { identities: shown, hasMore };
}

/** Locks the owner of an identity and reads the identity again, so the rules see the state they will change. */
async function lockIdentity(trx: Transaction<Schema>, id: string): Promise<IdentityRow> {
  const seen = await identities.findIdentity(trx, id);
  if (!seen) throw identityNotFound();
  await lockUser(trx, seen.user_id);
  const identity = await identities.findIdentity(trx, id);
  if (!identity) throw identityNotFound();
  return identity;
}

const subjectOf = (row: IdentityRow) => ({ userId: row.user_id, identityId: row.id });

const facts = (row: IdentityRow): IdentityFacts => ({
  id: row.id,
  type: row.type,
  isPrimary: row.is_primary === 1,
  isConfirmed: row.is_confirmed === 1,
});

export function setPrimary(roster: Roster, id: string, wanted: boolean, actor: Actor): Promise<void> {
  return inTransaction(roster, async (trx) => {
    const identity = await lockIdentity(trx, id);
    if (primaryChange(facts(identity), wanted) === 'none') return;
    await identities.setPrimary(trx, identity);
    await audit(trx, actor, 'identity.primary_changed', subjectOf(identity), identityData({ ...identity, is_primary: 1 }));
  });
}

export interface ReplacedIdentity extends AddedIdentity {
  replaced: IdentityRow;
}

/**
 * Replaces an identity with a new value of the same type in one transaction: the new one is added (validated and
 * checked for look-alikes exactly as when adding), becomes primary if the old one was, and the old one is deleted. The
 * user is never without an identity of that type, and a failure leaves the old one as it was.
 */
export function replaceIdentity(roster: Roster, id: string, input: Omit<NewIdentity, 'type'>, actor: Actor): Promise<ReplacedIdentity> {
  return inTransaction(roster, async (trx) => {
    const old = await lockIdentity(trx, id);
    const normalised = normaliseAs({ ...input, type: old.type }, (field) => (field === 'phone_country_id' ? field : 'value'));
    const added = await insertNormalised(
      roster,
      trx,
      { userId: old.user_id, normalised, isVerified: input.isVerified, field: 'value' },
      actor,
    );
    await identities.deleteIdentity(trx, old.id);
    await audit(trx, actor, 'identity.deleted', subjectOf(old), { ...identityData(old), replaced_by_identity_id: added.identity.id });
    const identity = old.is_primary ? { ...added.identity, is_primary: 1 as const } : added.identity;
    if (old.is_primary) {
      await identities.setPrimary(trx, identity);
      await audit(trx, actor, 'identity.primary_changed', subjectOf(identity), identityData(identity));
    }
    return { ...added, identity, replaced: old };
  });
}

export function deleteIdentity(roster: Roster, id: string, actor: Actor): Promise<{ promoted: IdentityRow | undefined }> {
  return inTransaction(roster, async (trx) => {
    const identity = await lockIdentity(trx, id);
    assertDeletable(await identities.countIdentitiesOfUser(trx, identity.user_id));
    const sameType = identity.is_primary ? await identities.identitiesOfType(trx, identity.user_id, identity.type) : [];
    const successor = successorOf(facts(identity), sameType.map(facts));
    await identities.deleteIdentity(trx, identity.id);
    const promoted = successor && sameType.find((row) => row.id === successor.id);
    if (promoted) await identities.setPrimary(trx, promoted);
    await audit(trx, actor, 'identity.deleted', subjectOf(identity), {
      ...identityData(identity),
      promoted_identity_id: promoted?.id ?? null,
    });
    if (promoted) await audit(trx, actor, 'identity.primary_changed', subjectOf(promoted), identityData({ ...promoted, is_primary: 1 }));
    return { promoted };
  });
}
