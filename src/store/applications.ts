import type { Executor } from './database.js';
import type { ApplicationRow } from './schema.js';

export async function insertApplication(ex: Executor, row: ApplicationRow): Promise<void> {
  await ex.insertInto('applications').values(row).execute();
}

export function findApplication(ex: Executor, id: string): Promise<ApplicationRow | undefined> {
  return ex.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listApplications(ex: Executor): Promise<ApplicationRow[]> {
  return ex.selectFrom('applications').selectAll().orderBy('created_on').orderBy('id').execute();
}
