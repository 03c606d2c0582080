// `npm run bench:admin` (after `npm run build`): the Management API called with an admin's console token against the
// same call with an M2M token, on one spawned `roster serve` (SQLite, or PostgreSQL when DATABASE_URL is set), in
// alternating slices of the same run. The console token costs an admin check (a per-user cache refreshed from the
// database at most every 2 s); the target is that it costs under 10%, i.e. a ratio of at least 90%. Nothing is asserted.
//   BENCH_SECONDS=10 (per side, in alternating halves)  BENCH_WARMUP=2  BENCH_CONCURRENCY=32  BENCH_TIMEOUT=300
import { createHash, randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { loadConfig } from '../dist/config.js';
import { CLI_ACTOR } from '../dist/domain/actor.js';
import { addAdmin } from '../dist/services/admins.js';
import { issueAuthorizationCode } from '../dist/services/authorization-codes.js';
import { openRoster } from '../dist/services/context.js';
import { startSession } from '../dist/services/sessions.js';
import { postForm } from './http.js';
import { compare, httpTarget } from './measure.js';
import { killAll } from './processes.js';
import { benchSettings, log, pct, startSignInServer, TABLE_HEADER, tableRow } from './sign-in-server.js';
import { fetchToken } from './tokens.js';

const { seconds, warmup, concurrency } = benchSettings('admin-token', 32);
const TARGET = 0.9;

/**
 * An admin's console token: the admin and their signed-in session are made in this process on the server's database,
 * with the authorization code the sign-in page would issue (PKCE, audience the Management API); the server exchanges
 * it at its token endpoint as it does for the browser app.
 */
async function consoleToken(server) {
  const url = server.url;
  const roster = await openRoster({ ...loadConfig({ issuer: url, data: server.dataDir }, server.env), logLevel: 'warn' });
  const redirect = `${url}/admin/callback`;
  const verifier = randomBytes(32).toString('base64url');
  let code;
  try {
    const admin = await addAdmin(roster, `bench.admin.${randomBytes(4).toString('hex')}@example.com`, 'all', CLI_ACTOR);
    const { session } = await startSession(roster.database.db, { userId: admin.user_id, identityId: null });
    code = await issueAuthorizationCode(roster.database.db, {
      clientId: 'roster_console',
      userId: admin.user_id,
      sessionId: session.id,
      redirectUri: redirect,
      scope: 'openid profile email offline',
      audience: [`${url}/api`],
      nonce: null,
      codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    });
  } finally {
    await roster.close();
  }
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: 'roster_console',
    redirect_uri: redirect,
    code,
    code_verifier: verifier,
  });
  const { status, body } = await postForm(`${url}/oauth2/token`, form);
  if (status !== 200) throw new Error(`console token: ${status} ${JSON.stringify(body)}`);
  return body.access_token;
}

async function main() {
  const server = await startSignInServer();
  try {
    const admin = await consoleToken(server);
    const m2m = await fetchToken(server.url, await server.createApp('m2m', 'bench m2m'));
    const call = () => ({ method: 'GET', path: '/api/v1/users?page_size=10' });
    log(`${server.engine}: GET /api/v1/users?page_size=10, ${concurrency} connections, ${seconds} s per side`);
    const targets = [
      httpTarget({ name: 'm2m', url: server.url, pid: server.pid, headers: { authorization: `Bearer ${m2m}` }, next: call }, concurrency),
      httpTarget(
        { name: 'console', url: server.url, pid: server.pid, headers: { authorization: `Bearer ${admin}` }, next: call },
        concurrency,
      ),
    ];
    const r = await compare({ targets, seconds, warmup });
    const ratio = r.console.rps / r.m2m.rps;
    console.log(
      [
        `## Management API: an admin's console token vs an M2M token (${server.engine}, ${cpus().length} cores, load ${loadavg()[0].toFixed(1)})`,
        '',
        ...TABLE_HEADER,
        tableRow('M2M token', r.m2m),
        tableRow('console token (admin check)', r.console),
        '',
        `console / M2M: **${pct(ratio)}** (target ≥ ${pct(TARGET)}: the admin check costs under 10%)`,
      ].join('\n'),
    );
  } finally {
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  killAll();
  process.exit(1);
});
