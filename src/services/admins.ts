import { invalid, notFound, RosterError } from '../domain/errors.js';
import { normaliseEmail } from '../domain/identifiers.js';
import { USER_ID } from '../domain/ids.js';
import { MANAGEMENT_SCOPES, parseScopes } from '../domain/scopes.js';
import * as admins from '../store/admins.js';
import type { Executor } from '../store/database.js';
import * as identities from '../store/identities.js';
import { lockUser } from '../store/users.js';
import { audit } from './audit.js';
import { inTransaction, type Actor, type Roster } from './context.js';
import { createUserIn } from './users.js';

export interface Admin {
  user_id: string;
  email: string | null;
  name: string | null;
  /** `["all"]`, or the scopes granted. */
  scopes: string[];
  is_suspended: boolean;
  created_on: string;
}

/** `all` stays `all`, so an admin granted everything also gets scopes added in later versions. */
export function adminScopesText(text: string): string {
  if (text.trim() === 'all') return 'all';
  const scopes = parseScopes(text);
  if (!scopes.length) throw invalid('INVALID_REQUEST', 'Grant at least one scope, or all');
  return scopes.join(' ');
}

/** The management scopes stored scope text grants. */
export const grantedScopes = (text: string): string[] => (text === 'all' ? [...MANAGEMENT_SCOPES] : text.split(' ').filter(Boolean));

/** A user id names its user; anything else is an email, normalised as on every lookup. */
async function findUserId(ex: Executor, who: string): Promise<string | undefined> {
  const text = who.trim();
  if (USER_ID.test(text)) return (await lockUser(ex, text)) ? text : undefined;
  if (/^kp_/.test(text)) throw invalid('INVALID_REQUEST', `${text} is not a user id (kp_ and 32 hex digits)`);
  const email = normaliseEmail(text);
  return (await identities.findIdentityByKey(ex, 'email', email.lookupKey))?.user_id;
}

/**
 * Makes someone an admin, or changes an admin's scopes. An email nobody has yet becomes a new user with that email,
 * confirmed, so they can sign in with a code at once.
 */
export async function addAdmin(roster: Roster, who: string, scopesText: string, actor: Actor): Promise<Admin> {
  const scopes = adminScopesText(scopesText);
  const attempt = () =>
    inTransaction(roster, async (trx) => {
      let userId = await findUserId(trx, who);
      if (!userId && USER_ID.test(who.trim())) throw notFound('USER_NOT_FOUND', `No user has the id ${who.trim()}`);
      if (!userId) {
        const input = { identities: [{ type: 'email', is_verified: true, details: { email: who.trim() } }] };
        userId = (await createUserIn(roster, trx, input, actor)).user.id;
      }
      const now = new Date().toISOString();
      await admins.upsertAdmin(trx, { user_id: userId, scopes, first_admin: null, created_on: now, updated_on: now });
      await audit(trx, actor, 'admin.granted', { userId }, { scopes });
      return userId;
    });
  let userId;
  try {
    userId = await attempt();
  } catch (error) {
    // Someone took the email between the look-up and the insert: everything rolled back, so look again and find them.
    if (!(error instanceof RosterError && error.code === 'IDENTITY_ALREADY_EXISTS')) throw error;
    userId = await attempt();
  }
  forgetAdmin(roster, userId);
  return (await listAdmins(roster)).find((admin) => admin.user_id === userId)!;
}

export async function listAdmins(roster: Roster): Promise<Admin[]> {
  return (await admins.listAdmins(roster.database.db)).map((row) => ({
    user_id: row.user_id,
    email: row.email,
    name: [row.first_name, row.last_name].filter(Boolean).join(' ') || null,
    scopes: row.scopes === 'all' ? ['all'] : row.scopes.split(' '),
    is_suspended: row.is_suspended === 1,
    created_on: row.created_on,
  }));
}

/** Takes a person's admin scopes away; their console access ends within ADMIN_CACHE_MS. */
export async function removeAdmin(roster: Roster, who: string, actor: Actor): Promise<string> {
  const userId = await inTransaction(roster, async (trx) => {
    const id = await findUserId(trx, who);
    if (!id || !(await admins.deleteAdmin(trx, id)))
      throw notFound('ADMIN_NOT_FOUND', `${who.trim()} is not an admin (see roster admins list)`);
    await audit(trx, actor, 'admin.revoked', { userId: id }, {});
    return id;
  });
  forgetAdmin(roster, userId);
  return userId;
}

/** How long an answer about one admin is trusted: a removed or suspended admin loses access within this. */
export const ADMIN_CACHE_MS = 2_000;

interface Known {
  scopes: ReadonlySet<string>;
  until: number;
  pending?: Promise<ReadonlySet<string>>;
}

const caches = new WeakMap<Roster, Map<string, Known>>();
const NONE: ReadonlySet<string> = new Set();
const CACHE_LIMIT = 10_000;

function cacheOf(roster: Roster): Map<string, Known> {
  let cache = caches.get(roster);
  if (!cache) caches.set(roster, (cache = new Map()));
  return cache;
}

function forgetAdmin(roster: Roster, userId: string): void {
  cacheOf(roster).delete(userId);
}

/**
 * The management scopes a user holds as an admin right now (none for a non-admin or a suspended user), read from the
 * database at most every ADMIN_CACHE_MS per user; concurrent requests share one read.
 */
export function currentAdminScopes(roster: Roster, userId: string): Promise<ReadonlySet<string>> | ReadonlySet<string> {
  const cache = cacheOf(roster);
  const now = Date.now();
  const known = cache.get(userId);
  if (known && known.until > now) return known.scopes;
  if (known?.pending) return known.pending;
  const pending = admins.activeAdminScopes(roster.database.db, userId).then(
    (text) => {
      const scopes = text === undefined ? NONE : new Set(grantedScopes(text));
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(userId, { scopes, until: Date.now() + ADMIN_CACHE_MS });
      return scopes;
    },
    (error: unknown) => {
      cache.delete(userId);
      throw error;
    },
  );
  cache.set(userId, { scopes: known?.scopes ?? NONE, until: 0, pending });
  return pending;
}

export const adminExists = (roster: Roster) => admins.anyAdmin(roster.database.db);
