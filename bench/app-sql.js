// The SQL the app runs, taken from the app itself: its store functions are called against a Kysely instance whose
// driver records each compiled query instead of running it. Placeholder values (`\0name`) mark which parameter is
// which, so the floor server can bind real values into exactly the app's SQL text.
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { addIdentity } from '../dist/services/identities.js';
import { getUser, listUsers as listUsersService } from '../dist/services/users.js';
import { recordEvent } from '../dist/store/audit.js';
import { hasPrimary, identitiesOfUsers, insertIdentity } from '../dist/store/identities.js';
import { findUser, listUsers, lockUser } from '../dist/store/users.js';

const DIALECTS = {
  postgres: { Adapter: PostgresAdapter, Compiler: PostgresQueryCompiler, Introspector: PostgresIntrospector },
  sqlite: { Adapter: SqliteAdapter, Compiler: SqliteQueryCompiler, Introspector: SqliteIntrospector },
};

/** A Kysely whose every query (and begin/commit) lands in `log`; each query "returns" one made-up row. */
function recordingDb(engine, log) {
  const { Adapter, Compiler, Introspector } = DIALECTS[engine];
  const row = {
    id: 'kp_00000000000000000000000000000000',
    user_id: 'kp_00000000000000000000000000000000',
    type: 'email',
    is_primary: 1,
    n: 2,
  };
  const connection = {
    executeQuery: async (query) => (log.push({ sql: query.sql, parameters: query.parameters }), { rows: [row] }),
    streamQuery: () => {
      throw new Error('not recorded');
    },
  };
  const raw = (sql) => async () => void log.push({ sql, parameters: [] });
  const driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: raw('begin'),
    commitTransaction: raw('commit'),
    rollbackTransaction: raw('rollback'),
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  return new Kysely({
    dialect: {
      createAdapter: () => new Adapter(),
      createDriver: () => driver,
      createQueryCompiler: () => new Compiler(),
      createIntrospector: (db) => new Introspector(db),
    },
  });
}

const slot = (name) => `\0${name}`;
const SLOT = /(?:\0|\\u0000)(\w+)/; // recordEvent JSON-encodes its detail, which escapes the NUL

/** `{ sql, params }` where each param is `{ slot }` (bound per request) or `{ value }` (as the app sent it). */
function template({ sql, parameters }) {
  return { sql, params: parameters.map((p) => (typeof p === 'string' && SLOT.test(p) ? { slot: SLOT.exec(p)[1] } : { value: p })) };
}

/** The parameters for one execution of a template. */
export const bind = (t, values) => t.params.map((p) => (p.slot === undefined ? p.value : values[p.slot]));

/** Templates of the statements behind the three benchmarked calls, for `engine`. */
export async function appStatements(engine) {
  const log = [];
  const db = recordingDb(engine, log);
  const take = async (call) => (await call, template(log.at(-1)));
  const userId = slot('userId');
  return {
    findUser: await take(findUser(db, userId)),
    primariesOf: await take(identitiesOfUsers(db, [userId], true)),
    usersByEmail: await take(listUsers(db, { identities: [{ type: 'email', lookupKeys: [slot('lookupKey')] }], limit: 11 })),
    lockUser: await take(lockUser(db, userId)),
    hasPrimary: await take(hasPrimary(db, userId, 'email')),
    insertIdentity: await take(
      insertIdentity(db, {
        id: slot('identityId'),
        user_id: userId,
        type: 'email',
        name: slot('name'),
        lookup_key: slot('lookupKey'),
        lookalike_key: null,
        connection_id: null,
        is_primary: slot('isPrimary'),
        is_confirmed: 0,
        created_on: slot('now'),
        last_login_on: null,
        total_logins: 0,
      }),
    ),
    insertEvent: await take(
      recordEvent(db, {
        id: slot('eventId'),
        occurred_on: slot('now'),
        actor: slot('actor'),
        action: 'identity.added',
        user_id: userId,
        identity_id: slot('identityId'),
        detail: slot('detail'),
      }),
    ),
  };
}

/** The statements the floor server runs per call, in order (begin/commit included). */
export const FLOOR_PLAN = {
  'get-user': ['findUser', 'primariesOf'],
  'list-users-by-email': ['usersByEmail', 'primariesOf'],
  'add-identity': ['begin', 'lockUser', 'hasPrimary', 'insertIdentity', 'insertEvent', 'commit'],
};

/**
 * Runs the app's own services against the recording driver and checks that they issue the same SQL, in the same
 * order, as the floor plan. Returns one line per call: `same (n statements)` or what differs.
 */
export async function compareWithServices(engine) {
  const statements = await appStatements(engine);
  const sqlOf = (name) => (name === 'begin' || name === 'commit' ? name : statements[name].sql);
  const roster = (log) => ({ config: { usernameLookalikes: 'warn' }, database: { db: recordingDb(engine, log) } });
  const calls = {
    'get-user': (r) => getUser(r, 'kp_00000000000000000000000000000001', false),
    'list-users-by-email': (r) =>
      listUsersService(r, { identityFilters: [{ type: 'email', values: ['Ann@Example.com'] }], pageSize: 10, allIdentities: false }),
    'add-identity': (r) => addIdentity(r, 'kp_00000000000000000000000000000001', { type: 'email', value: 'ann@example.com' }, 'bench'),
  };
  const result = {};
  for (const [call, invoke] of Object.entries(calls)) {
    const log = [];
    await invoke(roster(log));
    const app = log.map((q) => q.sql);
    const floor = FLOOR_PLAN[call].map(sqlOf);
    const same = app.length === floor.length && app.every((sql, i) => sql === floor[i]);
    result[call] = same
      ? `same SQL (${app.length} statements)`
      : `DIFFERENT: app runs ${JSON.stringify(app)}; floor runs ${JSON.stringify(floor)}`;
  }
  return result;
}
