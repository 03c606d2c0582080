import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { CONTACT_IDENTITY_TYPES } from '../domain/identity-types.js';
import { exportPage } from '../store/export.js';
import type { IdentityRow, UserPasswordRow, UserRow } from '../store/schema.js';
import type { Roster } from './context.js';

export interface ExportOptions {
  includePasswordHashes: boolean;
  /** Users read per query. */
  pageSize?: number;
  onProgress?: (users: number) => void;
}

// Stored algorithm names that Kinde's import knows by another name.
const EXPORTED_ALGORITHM: Record<string, string> = {
  'wordpress-bcrypt': 'wordpress',
  phpass: 'wordpress',
  'aspnet-identity': 'aspnet-identity-v2',
};

/** The method Kinde's import (and Roster's) knows the stored hash by; argon2 hashes name their variant, as imported. */
function exportedAlgorithm(password: { algorithm: string; hash: string }): string {
  if (password.algorithm === 'argon2') return /^\$(argon2(?:id|i|d))\$/.exec(password.hash)?.[1] ?? 'argon2';
  return EXPORTED_ALGORITHM[password.algorithm] ?? password.algorithm;
}

/** The stored parameters, less `origin`: the exported algorithm already says it, and an import would not read it. */
function exportedConfig(params: string | null): unknown {
  if (params === null) return null;
  const { origin: _origin, ...config } = JSON.parse(params) as Record<string, unknown>;
  return Object.keys(config).length ? config : null;
}

/**
 * Writes every user as one line of Kinde's `users.ndjson` export (`external_id` is the provided id), in id order,
 * a page at a time, so memory stays flat however many users there are. Returns how many users were written.
 */
export async function exportUsers(roster: Roster, out: Writable, options: ExportOptions): Promise<number> {
  const pageSize = options.pageSize ?? 1_000;
  let afterId: string | null = null;
  let written = 0;
  for (;;) {
    const page = await exportPage(roster.database.db, afterId, pageSize, options.includePasswordHashes);
    if (page.users.length === 0) return written;
    const identitiesOf = groupBy(page.identities);
    const passwordOf = new Map(page.passwords.map((p) => [p.user_id, p]));
    let text = '';
    for (const user of page.users)
      text += `${JSON.stringify(exportedUser(user, identitiesOf.get(user.id) ?? [], passwordOf.get(user.id)))}\n`;
    if (!out.write(text)) await once(out, 'drain');
    written += page.users.length;
    afterId = page.users.at(-1)!.id;
    options.onProgress?.(written);
  }
}

function groupBy(identities: IdentityRow[]): Map<string, IdentityRow[]> {
  const map = new Map<string, IdentityRow[]>();
  for (const identity of identities) {
    const list = map.get(identity.user_id);
    if (list) list.push(identity);
    else map.set(identity.user_id, [identity]);
  }
  return map;
}

export function exportedUser(user: UserRow, identities: IdentityRow[], password: UserPasswordRow | undefined): Record<string, unknown> {
  const primary = (type: string) => identities.find((i) => i.type === type && i.is_primary === 1);
  const line: Record<string, unknown> = { id: user.id };
  for (const type of CONTACT_IDENTITY_TYPES) line[type] = primary(type)?.name ?? null;
  Object.assign(line, {
    first_name: user.first_name,
    last_name: user.last_name,
    picture: user.picture,
    created_on: user.created_on,
    identities: identities.map((i) => ({
      type: i.type,
      identity: i.name,
      provider: i.connection_id,
      is_verified: i.is_confirmed === 1,
      is_primary: i.is_primary === 1,
    })),
    external_id: user.provided_id,
    email_verified: primary('email')?.is_confirmed === 1,
  });
  if (password) {
    line.password = {
      hashing_algorithm: exportedAlgorithm(password),
      hashed_password: password.hash,
      hashing_config: exportedConfig(password.params),
    };
  }
  return line;
}
