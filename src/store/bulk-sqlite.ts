import { identityKey, isIdentityKind, LOOKALIKE_CASED_KIND, LOOKALIKE_KIND, PROVIDED_ID_KIND } from './bulk-keys.js';
import type { BulkSession, ClaimedKey, SeenKey } from './bulk-session.js';
import { openSqliteWriter, type SqliteWriter } from './bulk-sqlite-writer.js';
import { openSqliteFile } from './sqlite.js';

/**
 * Its own connection to the database file, beside the one the rest of Roster uses (WAL lets them share it): prepared
 * statements run directly, and the seen-keys table lives in this connection's temporary schema, never in the file.
 * Batches are written by another connection, in a thread of its own where it can (see bulk-sqlite-writer.ts).
 */
export async function openSqliteBulk(file: string): Promise<BulkSession> {
  const writer = await openSqliteWriter(file);
  try {
    return openChecker(file, writer);
  } catch (error) {
    await writer.close();
    throw error;
  }
}

function openChecker(file: string, writer: SqliteWriter): BulkSession {
  const db = openSqliteFile(file);
  // The seen-keys table grows with the file; a bounded cache of its own keeps it fast without holding it all in memory.
  db.pragma('temp.cache_size = -8192');
  db.exec(
    'create temp table import_seen (kind text not null, key text not null, row integer not null, name text, primary key (kind, key)) without rowid',
  );

  // Each check is one statement over the batch's keys, passed as one JSON array: a statement per key costs more
  // in calls than in lookups. CROSS JOIN makes SQLite walk the array and probe the index for each element.
  const seenStatement = db.prepare<[string], SeenKey>(`
    select s.kind, s.key, s.row, s.name from json_each(?) j cross join temp.import_seen s on s.kind = j.value ->> 0 and s.key = j.value ->> 1`);
  const identitiesStatement = db.prepare<[string], { type: string; lookup_key: string }>(`
    select i.type, i.lookup_key from json_each(?) j cross join identities i on i.type = j.value ->> 0 and i.lookup_key = j.value ->> 1`);
  const providedIdsStatement = db.prepare<[string], { provided_id: string }>(`
    select u.provided_id from json_each(?) j cross join users u on u.provided_id = j.value`);
  const lookalikesStatement = db.prepare<
    [string, string],
    { lookalike_key: string; lookalike_cased_key: string; lookup_key: string; name: string }
  >(`
    select i.lookalike_key, i.lookalike_cased_key, i.lookup_key, i.name from json_each(?) j cross join identities i
      on i.type = 'username' and i.lookalike_key = j.value
    union
    select i.lookalike_key, i.lookalike_cased_key, i.lookup_key, i.name from json_each(?) j cross join identities i
      on i.type = 'username' and i.lookalike_cased_key = j.value`);
  const rememberStatement = db.prepare<[string]>(`
    insert or ignore into temp.import_seen (kind, key, row, name) select value ->> 0, value ->> 1, value ->> 2, value ->> 3 from json_each(?)`);

  const pairs = (keys: ClaimedKey[]) => JSON.stringify(keys.map((k) => [k.kind, k.key]));
  const keysOf = (keys: ClaimedKey[], kind: string) => JSON.stringify([...new Set(keys.filter((k) => k.kind === kind).map((k) => k.key))]);
  const existingIdentities = (keys: ClaimedKey[]) =>
    new Set(identitiesStatement.all(pairs(keys.filter((k) => isIdentityKind(k.kind)))).map((r) => identityKey(r.type, r.lookup_key)));

  // The claims of the batch last checked, until they are remembered.
  let lastClaims: SeenKey[] = [];

  return {
    async check(keys, options) {
      lastClaims = keys;
      return {
        seen: seenStatement.all(pairs(keys)),
        existingIdentities: existingIdentities(keys),
        existingProvidedIds: new Set(providedIdsStatement.all(keysOf(keys, PROVIDED_ID_KIND)).map((r) => r.provided_id)),
        lookingLike: options.lookalikes
          ? lookalikesStatement.all(keysOf(keys, LOOKALIKE_KIND), keysOf(keys, LOOKALIKE_CASED_KIND)).map((r) => ({
              lookalikeKey: r.lookalike_key,
              lookalikeCasedKey: r.lookalike_cased_key,
              lookupKey: r.lookup_key,
              name: r.name,
            }))
          : [],
      };
    },
    async seen(keys) {
      return seenStatement.all(pairs(keys));
    },
    async rememberClaims(unclaimed) {
      const skip = new Set(unclaimed);
      const claimed = lastClaims.filter((_claim, i) => !skip.has(i));
      lastClaims = [];
      rememberStatement.run(JSON.stringify(claimed.map((k) => [k.kind, k.key, k.row, k.name])));
    },
    insertBatch: (users, event) => writer.writeBatch(users, event),
    async close() {
      db.close();
      await writer.close();
    },
  };
}
