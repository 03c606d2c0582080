import type { Insertable, Updateable } from 'kysely';
import type { Executor } from './database.js';
import { engineOf } from './engine.js';
import type { ApplicationRow, ApplicationsTable } from './schema.js';

export async function insertApplication(ex: Executor, row: Insertable<ApplicationsTable>): Promise<void> {
  await ex.insertInto('applications').values(row).execute();
}

/** Inserts an application, or brings an existing one with this id to these values (the secret and creation time stay). */
export async function upsertApplication(ex: Executor, row: ApplicationRow): Promise<void> {
  const { name, type, scopes, redirect_uris, logout_uris, origins } = row;
  await ex
    .insertInto('applications')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet({ name, type, scopes, redirect_uris, logout_uris, origins }))
    .execute();
}

/** The application, locked until the transaction ends (SQLite's writer lock already serialises the whole transaction). */
export function lockApplication(trx: Executor, id: string): Promise<ApplicationRow | undefined> {
  let query = trx.selectFrom('applications').selectAll().where('id', '=', id);
  if (engineOf(trx) === 'postgres') query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Changes the given columns of one application; false when there is none with that id. */
export async function updateApplication(ex: Executor, id: string, changes: Updateable<ApplicationsTable>): Promise<boolean> {
  const result = await ex.updateTable('applications').set(changes).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export function findApplication(ex: Executor, id: string): Promise<ApplicationRow | undefined> {
  return ex.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Deletes an application; its codes, refresh tokens and sign-in requests go with it (foreign keys cascade). */
export async function deleteApplication(ex: Executor, id: string): Promise<boolean> {
  const result = await ex.deleteFrom('applications').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export function listApplications(ex: Executor): Promise<ApplicationRow[]> {
  return ex.selectFrom('applications').selectAll().orderBy('created_on').orderBy('id').execute();
}

/** The allow-list columns of every application that signs users in (web and spa), for CORS and logout checks. */
export function listSignInAllowLists(ex: Executor): Promise<Pick<ApplicationRow, 'id' | 'logout_uris' | 'origins'>[]> {
  return ex.selectFrom('applications').select(['id', 'logout_uris', 'origins']).where('type', 'in', ['web', 'spa']).execute();
}
