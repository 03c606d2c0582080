// `npm run bench:admin` (after `npm run build`): the Management API called with an admin's console token against the
// same call with an M2M token, on one spawned `roster serve` (SQLite, or PostgreSQL when DATABASE_URL is set), in
// alternating slices of the same run. The console token costs an admin check (a per-user cache refreshed from the
// database at most every 2 s); the target is that it costs under 10%, i.e. a ratio of at least 90%. Nothing is asserted.
//   BENCH_SECONDS=10 (per side, in alternating halves)  BENCH_WARMUP=2  BENCH_CONCURRENCY=32  BENCH_TIMEOUT=300
import { createHash, randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { postForm } from './http.js';
import { compare, httpTarget } from './measure.js';
import { authorizeUrl, signInWithPassword } from './pages.js';
import { CLI, killAll, run } from './processes.js';
import { benchSettings, log, pct, startSignInServer, TABLE_HEADER, tableRow } from './sign-in-server.js';
import { fetchToken } from './tokens.js';

const { seconds, warmup, concurrency } = benchSettings('admin-token', 32);
const TARGET = 0.9;

/** The console's sign-in, as the browser app does it: PKCE through the hosted page, audience the Management API. */
async function consoleToken(url, user) {
  const redirect = `${url}/admin/callback`;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const start = authorizeUrl(url, 'roster_console', redirect, {
    audience: `${url}/api`,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const callback = await signInWithPassword(start, user.email, user.password, redirect);
  const code = new URL(callback).searchParams.get('code');
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
    const { user } = await server.signedUpUser();
    await run([CLI, 'admins', 'add', user.email, '--json', '--data', server.dataDir], server.env);
    const admin = await consoleToken(server.url, user);
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
