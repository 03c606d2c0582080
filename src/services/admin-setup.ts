import { randomBytes } from 'node:crypto';
import { hashSecret } from '../auth/secrets.js';
import { selfActor } from '../domain/actor.js';
import { invalid, RosterError } from '../domain/errors.js';
import { normaliseEmail } from '../domain/identifiers.js';
import * as admins from '../store/admins.js';
import * as identities from '../store/identities.js';
import { audit } from './audit.js';
import { consoleUrl } from './console-client.js';
import { inTransaction, type Roster } from './context.js';
import type { Messenger } from './messages/index.js';
import { checkCode, issueCode, type CodeCheck } from './one-time-codes.js';
import { completeSignIn } from './sign-in.js';
import { createUserIn } from './users.js';

export const SETUP_LINK_MINUTES = 60;

/**
 * A one-time link that makes its user the first admin, while there is none: valid an hour, used once. Only its
 * SHA-256 is stored. Undefined when an admin already exists.
 */
export async function createSetupLink(roster: Roster, now = new Date()): Promise<string | undefined> {
  if (await admins.anyAdmin(roster.database.db)) return undefined;
  const token = randomBytes(32).toString('base64url');
  await admins.insertSetupLink(roster.database.db, {
    token_hash: hashSecret(token),
    created_on: now.toISOString(),
    expires_on: new Date(now.getTime() + SETUP_LINK_MINUTES * 60_000).toISOString(),
  });
  return `${consoleUrl(roster)}/setup?token=${token}`;
}

/** `open`: the link may be used; `done`: an admin exists; `invalid`: unknown, used or expired. */
export type SetupLinkState = 'open' | 'done' | 'invalid';

export async function setupLinkState(roster: Roster, token: string): Promise<SetupLinkState> {
  const db = roster.database.db;
  if (await admins.anyAdmin(db)) return 'done';
  return (await admins.setupLinkIsLive(db, hashSecret(token), new Date().toISOString())) ? 'open' : 'invalid';
}

const linkUnusable = (state: Exclude<SetupLinkState, 'open'>) =>
  state === 'done'
    ? new RosterError(409, 'ADMIN_EXISTS', 'Roster already has its first admin: sign in to the console, or ask an admin for access.')
    : invalid('SETUP_LINK_INVALID', 'This setup link is not valid: it was already used, has expired, or was copied wrongly.');

/** Sends a code to the email that will become the first admin's; answers the challenge the code form carries. */
export async function startSetup(roster: Roster, messenger: Messenger, token: string, email: string): Promise<string> {
  const state = await setupLinkState(roster, token);
  if (state !== 'open') throw linkUnusable(state);
  let identifier;
  try {
    identifier = normaliseEmail(email);
  } catch (error) {
    throw error instanceof RosterError ? error.at('email') : error;
  }
  return issueCode(roster, messenger, { purpose: 'admin-setup', identifier, deliver: true });
}

export type SetupResult = { kind: 'admin'; userId: string; sessionToken: string } | Exclude<CodeCheck, { kind: 'proved' }>;

/**
 * The right code makes its email's owner (a new user, if nobody has that email) the first admin with every scope,
 * uses up the link and signs them in, in one transaction. Two people racing their links both pass the "no admin yet"
 * check at worst; the unique `first_admin` index then lets only one of them commit.
 */
export function finishSetup(roster: Roster, token: string, challenge: string, code: string, now = new Date()): Promise<SetupResult> {
  if (!/^[0-9]{6}$/.test(code.trim())) throw invalid('INVALID_REQUEST', 'Enter the 6-digit code we sent you', 'code');
  const at = now.toISOString();
  return inTransaction(roster, async (trx): Promise<SetupResult> => {
    if (await admins.anyAdmin(trx)) throw linkUnusable('done');
    const check = await checkCode(trx, challenge, code.trim(), now);
    if (check.kind !== 'proved') return check;
    if (check.row.purpose !== 'admin-setup') return { kind: 'unknown' };
    if (!(await admins.claimSetupLink(trx, hashSecret(token), at))) throw linkUnusable('invalid');
    let identity = await identities.findIdentityByKey(trx, check.row.type, check.row.lookup_key);
    if (!identity) {
      const input = { identities: [{ type: 'email', is_verified: true, details: { email: check.row.name } }] };
      const created = await createUserIn(roster, trx, input, selfActor);
      identity = created.identities[0]!;
    }
    await admins.upsertAdmin(trx, { user_id: identity.user_id, scopes: 'all', first_admin: 1, created_on: at, updated_on: at });
    await audit(trx, selfActor(identity.user_id), 'admin.granted', { userId: identity.user_id }, { scopes: 'all', via: 'setup link' });
    const signedIn = await completeSignIn(trx, identity.user_id, identity.id, { confirmsIdentity: true, method: 'code' }, now);
    if (signedIn.kind !== 'signed-in')
      throw new RosterError(403, 'USER_SUSPENDED', 'This account is suspended, so it cannot be the admin.');
    return { kind: 'admin', userId: identity.user_id, sessionToken: signedIn.token };
  });
}
