import { EVENT_COLUMNS, eventRow, type AuditEvent } from './audit.js';
import { IDENTITY_COLUMNS, USER_COLUMNS, type BulkUser } from './bulk-session.js';
import { uniqueRule } from './engine.js';
import { openSqliteFile } from './sqlite.js';

const insertSql = (table: string, columns: readonly string[]) =>
  `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`;

export interface SqliteBatchWriter {
  /** Writes the users in one transaction with the event, leaving out those whose values are taken; returns their ids. */
  writeBatch(users: BulkUser[], event: AuditEvent): Set<string>;
  close(): void;
}

/** Writes import batches on a connection of its own. */
export function openSqliteBatchWriter(file: string): SqliteBatchWriter {
  const db = openSqliteFile(file);
  // The indexes written grow with the file: a bounded cache keeps the pages they touch most.
  db.pragma('cache_size = -12288');
  const insertUser = db.prepare(insertSql('users', [...USER_COLUMNS, 'updated_on']));
  const insertIdentity = db.prepare(insertSql('identities', IDENTITY_COLUMNS));
  const insertPassword = db.prepare(
    'insert into user_passwords (user_id, algorithm, hash, params, failed_attempts, locked_until, updated_on) values (?, ?, ?, ?, 0, null, ?)',
  );
  const insertEvent = db.prepare(insertSql('audit_events', EVENT_COLUMNS));

  const insertWhole = ({ user, identities, password }: BulkUser) => {
    insertUser.run(...USER_COLUMNS.map((c) => user[c]), user.created_on);
    for (const identity of identities) insertIdentity.run(...IDENTITY_COLUMNS.map((c) => (c === 'user_id' ? user.id : identity[c])));
    if (password) insertPassword.run(user.id, password.algorithm, password.hash, password.params, user.created_on);
  };
  // Nested inside the batch's transaction, better-sqlite3 runs these as savepoints.
  const writeAll = db.transaction((users: BulkUser[]) => users.forEach(insertWhole));
  const writeUser = db.transaction(insertWhole);
  const isUniqueViolation = (error: unknown) => uniqueRule(error) !== null;

  const writeInTransaction = db.transaction((users: BulkUser[], event: AuditEvent) => {
    const left = new Set<string>();
    try {
      writeAll(users);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A value was taken since the check (rare): undo the batch and write it again user by user, leaving out the losers.
      for (const user of users) {
        try {
          writeUser(user);
        } catch (failure) {
          if (!isUniqueViolation(failure)) throw failure;
          left.add(user.user.id);
        }
      }
    }
    const row = eventRow({ ...event, data: { ...event.data, left_out: left.size } });
    insertEvent.run(...EVENT_COLUMNS.map((c) => row[c]));
    return left;
  });

  return {
    writeBatch: (users, event) => writeInTransaction.immediate(users, event),
    close: () => db.close(),
  };
}
