import SQLite from 'better-sqlite3';
import type { AuditEvent } from './audit.js';
import { claimDigest, identityKey, type BulkSession, type BulkUser, type SeenKey } from './bulk.js';

const USER_COLUMNS = ['id', 'provided_id', 'first_name', 'last_name', 'full_name_key', 'last_name_key', 'picture', 'created_on', 'updated_on'] as const;
const IDENTITY_COLUMNS = ['id', 'user_id', 'type', 'name', 'lookup_key', 'lookalike_key', 'connection_id', 'is_primary', 'is_confirmed', 'created_on'] as const;

const insertSql = (table: string, columns: readonly string[]) => `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`;

/**
 * Its own connection to the database file, beside the one the rest of Roster uses (WAL lets them share it): prepared
 * statements run directly, and the seen-keys table lives in this connection's temporary schema, never in the file.
 */
export async function openSqliteBulk(file: string): Promise<BulkSession> {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // The seen-keys table grows with the file; a bounded cache of its own keeps it fast without holding it all in memory.
  db.pragma('temp.cache_size = -32768');
  db.exec('create temp table import_seen (digest integer primary key, kind text not null, key text not null, row integer not null, name text)');

  const findSeen = db.prepare<[bigint], { kind: string; key: string; row: number; name: string | null }>('select kind, key, row, name from temp.import_seen where digest = ?');
  const addSeen = db.prepare('insert or ignore into temp.import_seen (digest, kind, key, row, name) values (?, ?, ?, ?, ?)');
  const findIdentity = db.prepare<[string, string], { one: number }>('select 1 as one from identities where type = ? and lookup_key = ?');
  const findProvidedId = db.prepare<[string], { one: number }>('select 1 as one from users where provided_id = ?');
  const findLookalikes = db.prepare<[string], { lookup_key: string; name: string }>(
    `select lookup_key, name from identities where type = 'username' and lookalike_key = ?`);
  const insertUser = db.prepare(insertSql('users', USER_COLUMNS));
  const insertIdentity = db.prepare(insertSql('identities', IDENTITY_COLUMNS));
  const insertPassword = db.prepare('insert into user_passwords (user_id, algorithm, hash, params, failed_attempts, locked_until, updated_on) values (?, ?, ?, ?, 0, null, ?)');
  const insertEvent = db.prepare(insertSql('audit_events', ['id', 'occurred_on', 'actor', 'action', 'user_id', 'identity_id', 'detail']));

  const insertWhole = ({ user, identities, password }: BulkUser) => {
    insertUser.run(...USER_COLUMNS.map((c) => (c === 'updated_on' ? user.created_on : user[c])));
    for (const identity of identities) insertIdentity.run(...IDENTITY_COLUMNS.map((c) => (c === 'user_id' ? user.id : identity[c])));
    if (password) insertPassword.run(user.id, password.algorithm, password.hash, password.params, user.created_on);
  };
  // Nested inside the batch's transaction, better-sqlite3 runs these as savepoints.
  const writeAll = db.transaction((users: BulkUser[]) => users.forEach(insertWhole));
  const writeUser = db.transaction(insertWhole);
  const isUniqueViolation = (error: unknown) => ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'].includes((error as { code?: string }).code ?? '');

  const writeBatch = db.transaction((users: BulkUser[], event: AuditEvent) => {
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
    insertEvent.run(event.id, event.occurred_on, event.actor, event.action, event.user_id, event.identity_id, JSON.stringify({ ...event.detail, left_out: left.size }));
    return left;
  });
  const remember = db.transaction((keys: SeenKey[]) => {
    for (const k of keys) addSeen.run(claimDigest(k.kind, k.key), k.kind, k.key, k.row, k.name);
  });

  return {
    async seen(keys) {
      const found: SeenKey[] = [];
      for (const k of keys) {
        const hit = findSeen.get(claimDigest(k.kind, k.key));
        if (hit && hit.kind === k.kind && hit.key === k.key) found.push({ ...k, row: hit.row, name: hit.name });
      }
      return found;
    },
    async remember(keys) {
      remember(keys);
    },
    async existingIdentities(keys) {
      const found = new Set<string>();
      for (const k of keys) if (findIdentity.get(k.type, k.lookupKey)) found.add(identityKey(k.type, k.lookupKey));
      return found;
    },
    async existingProvidedIds(ids) {
      return new Set(ids.filter((id) => findProvidedId.get(id)));
    },
    async usernamesLookingLike(lookalikeKeys) {
      return lookalikeKeys.flatMap((key) => findLookalikes.all(key).map((r) => ({ lookalikeKey: key, lookupKey: r.lookup_key, name: r.name })));
    },
    async insertBatch(users, event) {
      return writeBatch.immediate(users, event);
    },
    async close() {
      db.close();
    },
  };
}
