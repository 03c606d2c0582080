// The floor: what the three benchmarked calls cost with nothing around the SQL. A bare node:http server running the
// app's own SQL text (see app-sql.js) on the same driver and pool size, with no auth, no validation, no framework.
//   FLOOR_PORT=P DATABASE_URL=postgres://… node bench/floor-server.js      (pg Pool, max 20 like src/store/database.ts)
//   FLOOR_PORT=P FLOOR_SQLITE=path/roster.db node bench/floor-server.js    (better-sqlite3, same pragmas as the app)
import { createServer } from 'node:http';
import pg from 'pg';
import { newEventId, newIdentityId } from '../dist/domain/ids.js';
import { userView } from '../dist/http/management/views.js';
import { openSqliteFile } from '../dist/store/sqlite.js';
import { appStatements, bind } from './app-sql.js';

const POOL_SIZE = 20; // openDatabase's default in src/store/database.ts

function postgres(url) {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  const on = (client) => async (t, values) => (await client.query(t.sql, bind(t, values))).rows;
  return {
    query: on(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work(on(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

function sqlite(file) {
  const db = openSqliteFile(file);
  const prepared = new Map();
  const statement = (sql) => prepared.get(sql) ?? prepared.set(sql, db.prepare(sql)).get(sql);
  const query = async (t, values) => {
    const s = statement(t.sql);
    return s.reader ? s.all(bind(t, values)) : (s.run(bind(t, values)), []);
  };
  let queue = Promise.resolve(); // one connection: one transaction at a time, as Kysely's SQLite driver does
  return {
    query,
    transaction(work) {
      const result = queue.then(async () => {
        statement('begin').run();
        try {
          const out = await work(query);
          statement('commit').run();
          return out;
        } catch (error) {
          statement('rollback').run();
          throw error;
        }
      });
      queue = result.catch(() => {});
      return result;
    },
  };
}

const engine = process.env.FLOOR_SQLITE ? 'sqlite' : 'postgres';
const db = engine === 'sqlite' ? sqlite(process.env.FLOOR_SQLITE) : postgres(process.env.DATABASE_URL);
const q = await appStatements(engine);
const OK = { code: 'OK', message: 'Success' };
const view = (user, identities, emailField) =>
  userView({ user, identities }, { emailField, expand: new Set(), withConnection: emailField === 'email' });

async function getUser(id) {
  const [user] = await db.query(q.findUser, { userId: id });
  if (!user) return [404, { errors: [{ code: 'USER_NOT_FOUND', message: 'No user has this id' }] }];
  return [200, view(user, await db.query(q.primariesOf, { userId: id }), 'preferred_email')];
}

async function listUsersByEmail(email) {
  // An email belongs to one user, so the page holds at most one, and the app's `user_id in (…)` has one value.
  const [user] = await db.query(q.usersByEmail, { lookupKey: email.toLowerCase() });
  const users = user ? [view(user, await db.query(q.primariesOf, { userId: user.id }), 'email')] : [];
  return [200, { ...OK, users, next_token: null }];
}

function addIdentity(userId, { value }) {
  return db.transaction(async (run) => {
    if ((await run(q.lockUser, { userId })).length === 0)
      return [404, { errors: [{ code: 'USER_NOT_FOUND', message: 'No user has this id' }] }];
    const isPrimary = (await run(q.hasPrimary, { userId })).length === 0 ? 1 : 0;
    const identityId = newIdentityId();
    const now = new Date().toISOString();
    await run(q.insertIdentity, { identityId, userId, name: value, lookupKey: value.toLowerCase(), isPrimary, now });
    const detail = JSON.stringify({ type: 'email', name: value, is_primary: isPrimary === 1, warnings: [] });
    await run(q.insertEvent, { eventId: newEventId(), now, actor: 'floor', userId, identityId, detail });
    return [201, { ...OK, identity: { id: identityId } }];
  });
}

const ADD_IDENTITY = /^\/api\/v1\/users\/([^/]+)\/identities$/;

async function route(request, url) {
  if (request.method === 'GET' && url.pathname === '/api/v1/user') return getUser(url.searchParams.get('id'));
  if (request.method === 'GET' && url.pathname === '/api/v1/users') return listUsersByEmail(url.searchParams.get('email'));
  const add = request.method === 'POST' && ADD_IDENTITY.exec(url.pathname);
  if (add) {
    let body = '';
    for await (const chunk of request) body += chunk;
    return addIdentity(add[1], JSON.parse(body));
  }
  if (url.pathname === '/healthz') return [200, { status: 'ok' }];
  return [404, { errors: [{ code: 'ROUTE_NOT_FOUND', message: 'Route not found' }] }];
}

createServer((request, response) => {
  route(request, new URL(request.url, 'http://floor'))
    .catch((error) => [500, { errors: [{ code: 'INTERNAL', message: String(error) }] }])
    .then(([status, body]) => {
      const json = JSON.stringify(body);
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
      response.end(json);
    });
}).listen(Number(process.env.FLOOR_PORT), '127.0.0.1');

// Exit normally on SIGTERM, so that `--cpu-prof` gets to write its profile.
process.once('SIGTERM', () => process.exit(0));
