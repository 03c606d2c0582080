import type { Db } from '../../src/store/database.js';
import type { AuditEventsTable, IdentityRow, UserRow } from '../../src/store/schema.js';

/** Every row a Management API write can touch, in a stable order, to compare a database before and after a request. */
export interface DatabaseSnapshot {
  users: UserRow[];
  identities: IdentityRow[];
  audit_events: AuditEventsTable[];
}

export async function snapshot(db: Db): Promise<DatabaseSnapshot> {
  const [users, identities, audit_events] = await Promise.all([
    db.selectFrom('users').selectAll().orderBy('id').execute(),
    db.selectFrom('identities').selectAll().orderBy('id').execute(),
    db.selectFrom('audit_events').selectAll().orderBy('id').execute(),
  ]);
  return { users, identities, audit_events };
}

/** Row counts per table, for messages that must stay short. */
export const sizes = (s: DatabaseSnapshot) => ({
  users: s.users.length,
  identities: s.identities.length,
  audit_events: s.audit_events.length,
});
