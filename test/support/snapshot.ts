import type { Db } from '../../src/store/database.js';
import type { AuditEventsTable, IdentityRow, Schema, UserRow } from '../../src/store/schema.js';

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

const EVERY_TABLE = [
  'users',
  'identities',
  'applications',
  'signing_keys',
  'audit_events',
  'user_passwords',
  'sessions',
  'authorization_requests',
  'authorization_codes',
  'refresh_tokens',
  'one_time_codes',
  'outbox',
] as const satisfies readonly (keyof Schema)[];

/** Every row of every table, each table's rows as sorted JSON: for requests that must change nothing anywhere. */
export async function snapshotEveryTable(db: Db): Promise<Record<string, string[]>> {
  const tables = await Promise.all(
    EVERY_TABLE.map(async (table) => [table, (await db.selectFrom(table).selectAll().execute()).map((row) => JSON.stringify(row)).sort()]),
  );
  return Object.fromEntries(tables);
}
