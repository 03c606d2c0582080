import type { Executor } from './database.js';
import type { AuthorizationRequestsTable } from './schema.js';

export async function insertAuthorizationRequest(ex: Executor, row: AuthorizationRequestsTable): Promise<void> {
  await ex.insertInto('authorization_requests').values(row).execute();
}

/** The request with this id, unless it has expired by `now`. */
export function findLiveAuthorizationRequest(ex: Executor, id: string, now: string): Promise<AuthorizationRequestsTable | undefined> {
  return ex.selectFrom('authorization_requests').selectAll().where('id', '=', id).where('expires_on', '>', now).executeTakeFirst();
}

/** Deletes the request; false when it was already gone, so two concurrent resumes cannot both use it. */
export async function deleteAuthorizationRequest(ex: Executor, id: string): Promise<boolean> {
  const result = await ex.deleteFrom('authorization_requests').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
