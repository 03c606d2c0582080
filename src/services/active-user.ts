import { findUser } from '../store/users.js';
import type { Roster } from './context.js';

/** Whether tokens issued to this user may still be honoured: the user exists and is not suspended. */
export async function userIsActive(roster: Roster, userId: string): Promise<boolean> {
  const user = await findUser(roster.database.db, userId);
  return user !== undefined && !user.is_suspended;
}
