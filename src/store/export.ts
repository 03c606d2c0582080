import type { Executor } from './database.js';
import type { IdentityRow, UserPasswordRow, UserRow } from './schema.js';

export interface ExportPage {
  users: UserRow[];
  identities: IdentityRow[];
  passwords: UserPasswordRow[];
}

/** The next `limit` users after `afterId` in id order (keyset pagination), with their identities and, if asked, passwords. */
export async function exportPage(ex: Executor, afterId: string | null, limit: number, withPasswords: boolean): Promise<ExportPage> {
  let query = ex.selectFrom('users').selectAll();
  if (afterId !== null) query = query.where('id', '>', afterId);
  const users = await query.orderBy('id').limit(limit).execute();
  if (users.length === 0) return { users, identities: [], passwords: [] };
  const first = users[0]!.id;
  const last = users.at(-1)!.id;
  // A range, not a list of ids: one index range scan, and no parameter limit to run into.
  const identities = await ex
    .selectFrom('identities')
    .selectAll()
    .where('user_id', '>=', first)
    .where('user_id', '<=', last)
    .orderBy('user_id')
    .orderBy('id')
    .execute();
  const passwords = withPasswords
    ? await ex.selectFrom('user_passwords').selectAll().where('user_id', '>=', first).where('user_id', '<=', last).execute()
    : [];
  return { users, identities, passwords };
}
