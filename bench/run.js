// `npm run bench`: load 1,000,000 identities, then measure the app against floors measured in the same run, and
// print (and write to bench/results/latest.md) a table of ratios. Nothing is asserted: targets are printed beside
// the figures. Every server and load run is bounded, and every child process is killed at the end.
//   BENCH_USERS=500000  BENCH_SECONDS=10  BENCH_WARMUP=2  BENCH_CONNECTIONS=32  BENCH_ENGINES=postgres,sqlite
//   BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres  BENCH_DB=roster_bench
//   BENCH_PROFILE=1 (app and floor under --cpu-prof; see profile-summary.js)  BENCH_CALLS=get-user,…  BENCH_TOKENS=0 (skip the token runs)
//   BENCH_IMPORT=1 (also `roster users import` against its floors; BENCH_IMPORT_USERS, default 1,000,000; see import.js)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { compareWithServices } from './app-sql.js';
import { benchImport, importTable } from './import.js';
import { fmt, loadPostgres, loadSqlite } from './load.js';
import { compare, httpTarget, localTarget, requestsFor } from './measure.js';
import { CLI, freePort, killAll, ROOT, run, start, stop, waitForHttp } from './processes.js';
import { fetchToken, rawSigner, tokenForm } from './tokens.js';

const env = process.env;
const settings = {
  users: Number(env.BENCH_USERS ?? 500_000),
  seconds: Number(env.BENCH_SECONDS ?? 10),
  warmup: Number(env.BENCH_WARMUP ?? 2),
  connections: Number(env.BENCH_CONNECTIONS ?? 32),
  engines: (env.BENCH_ENGINES ?? 'postgres,sqlite')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean),
  adminUrl: env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  database: env.BENCH_DB ?? 'roster_bench',
  profile: env.BENCH_PROFILE === '1',
  tokens: env.BENCH_TOKENS !== '0',
};
const CALLS = (env.BENCH_CALLS ?? 'get-user,list-users-by-email,add-identity')
  .split(',')
  .map((c) => c.trim())
  .filter(Boolean);
const TARGET = { ratio: 0.5, p99: 20, tokenRatio: 0.7 };
const RESULTS = join(ROOT, 'bench', 'results');
const SQLITE_DIR = join(tmpdir(), `roster-bench-sqlite-${process.pid}`);

// The whole run is bounded: past this, everything is killed.
const deadline = setTimeout(
  () => {
    console.error('bench: timed out; killing every server');
    killAll();
    process.exit(1);
  },
  Number(env.BENCH_TIMEOUT ?? 900) * 1000,
);
deadline.unref();

const log = (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const report = { loads: [], api: [], checks: [], tokens: null };

async function benchEngine(engine) {
  const loaded =
    engine === 'postgres'
      ? await loadPostgres({ adminUrl: settings.adminUrl, name: settings.database, users: settings.users, log })
      : await loadSqlite({ dataDir: SQLITE_DIR, users: settings.users, log });
  report.loads.push(loaded.report);

  // Capacity is measured without rate limits (one application at full speed would be throttled); what the limiter
  // costs is measured by bench/rate-limits.js.
  const appEnv = { ...env, ROSTER_RATE_LIMITS: 'off' };
  delete appEnv.DATABASE_URL;
  const dataArgs = [];
  if (engine === 'postgres') appEnv.DATABASE_URL = loaded.databaseUrl;
  else dataArgs.push('--data', loaded.dataDir);
  const credentials = JSON.parse(await run([CLI, 'apps', 'create', '--type', 'm2m', '--name', 'bench', '--json', ...dataArgs], appEnv));

  const [appPort, floorPort] = [await freePort(), await freePort()];
  const profile = (name) =>
    settings.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(RESULTS, 'profiles')}`, `--cpu-prof-name=${name}-${engine}.cpuprofile`] : [];
  const app = start([...profile('app'), CLI, 'serve', '--port', String(appPort), ...dataArgs], appEnv);
  const floorEnv = {
    ...appEnv,
    FLOOR_PORT: String(floorPort),
    ...(engine === 'sqlite' ? { FLOOR_SQLITE: join(loaded.dataDir, 'roster.db') } : {}),
  };
  const floor = start([...profile('floor'), 'bench/floor-server.js'], floorEnv);
  try {
    const appUrl = `http://127.0.0.1:${appPort}`;
    const floorUrl = `http://127.0.0.1:${floorPort}`;
    await waitForHttp(`${appUrl}/healthz`, app);
    await waitForHttp(`${floorUrl}/healthz`, floor);
    const token = await fetchToken(appUrl, credentials);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    report.checks.push({
      engine,
      sql: await compareWithServices(engine),
      responses: await compareResponses(appUrl, floorUrl, headers, loaded.sample),
    });

    const { connections, seconds, warmup } = settings;
    for (const call of CALLS) {
      log(
        `${engine} ${call}: app and floor, ${connections} connections, ${warmup} s warm-up each, then ${seconds} s each in alternating halves`,
      );
      const targets = [
        ['app', appUrl, app.pid],
        ['floor', floorUrl, floor.pid],
      ].map(([name, url, pid]) =>
        httpTarget({ name, url, pid, headers, next: requestsFor(call, loaded.sample, name + engine) }, connections),
      );
      const row = { engine, call, ...(await compare({ targets, seconds, warmup })) };
      for (const side of ['app', 'floor']) log(`  ${side.padEnd(5)} ${line(row[side], 'request')}`);
      report.api.push(row);
    }

    if (engine === 'postgres' && settings.tokens) {
      log(
        `postgres token endpoint (${connections} connections) against raw jose signing in this process, ${warmup} s warm-up each, then ${seconds} s each in alternating halves`,
      );
      const body = tokenForm(credentials);
      const sign = rawSigner(`http://localhost:${appPort}`);
      const targets = [
        httpTarget(
          {
            name: 'endpoint',
            url: appUrl,
            pid: app.pid,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            next: () => ({ method: 'POST', path: '/oauth2/token', body }),
          },
          connections,
        ),
        localTarget({ name: 'sequential', inFlight: 1, work: sign }),
        localTarget({ name: 'inFlight16', inFlight: 16, work: sign }),
      ];
      report.tokens = await compare({ targets, seconds, warmup });
      for (const [name, r] of Object.entries(report.tokens)) log(`  ${name.padEnd(10)} ${line(r, 'token')}`);
    }
    log(`  (1-minute load average now ${loadavg()[0].toFixed(1)})`);
  } finally {
    await Promise.all([stop(app), stop(floor)]);
  }
}

/** One get-user and one list-users call against both servers: the floor must answer the same JSON as the app. */
async function compareResponses(appUrl, floorUrl, headers, sample) {
  const { user_id, email } = sample[0];
  const result = {};
  for (const [call, path] of [
    ['get-user', `/api/v1/user?id=${user_id}`],
    ['list-users-by-email', `/api/v1/users?email=${encodeURIComponent(email)}`],
  ]) {
    const [a, f] = await Promise.all(
      [appUrl, floorUrl].map(async (base) => {
        const response = await fetch(base + path, { headers });
        return { status: response.status, body: await response.json() };
      }),
    );
    result[call] = isDeepStrictEqual(a, f)
      ? `same response (${a.status})`
      : `DIFFERENT: app ${JSON.stringify(a)} floor ${JSON.stringify(f)}`;
  }
  return result;
}

async function postgresVersion() {
  const client = new pg.Client({ connectionString: settings.adminUrl });
  await client.connect();
  try {
    return (await client.query('show server_version')).rows[0].server_version;
  } finally {
    await client.end();
  }
}

const pct = (x) => `${Math.round(x * 100)}%`;
const mark = (ok) => (ok ? 'ok' : '**MISS**');
const cpu = (x) => `${x.toFixed(2)} ms`;
const line = (r, what) => `${fmt(r.rps)}/s, p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, failed ${r.failed}, CPU ${cpu(r.cpuMs)}/${what}`;
const ms = (x) => `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;

function summary(pgVersion, started) {
  const lines = [];
  const table = (header, rows) =>
    lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), '');
  lines.push(
    `## Roster benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, PostgreSQL ${pgVersion}. ` +
      `${settings.connections} connections; per call, ${settings.warmup} s warm-up of each server, then ${settings.seconds} s on each in alternating halves (app, floor, floor, app); autocannon in the runner process on the same machine. ` +
      `Run took ${((performance.now() - started) / 1000).toFixed(0)} s; 1-minute load average ${startLoad.toFixed(1)} before it, ${loadavg()[0].toFixed(1)} at its end ` +
      '(anything else running on the machine competes for the same cores and makes the figures noisy).',
    '',
  );
  table(
    ['load', 'users', 'identities', 'total', 'insert', 'insert rate'],
    report.loads.map((l) => [
      l.engine,
      fmt(l.users),
      fmt(l.identities),
      `${l.seconds.toFixed(1)} s`,
      `${l.insertSeconds.toFixed(1)} s`,
      `${fmt(l.rowsPerSecond)} rows/s`,
    ]),
  );
  table(
    [
      'engine',
      'call',
      'app req/s',
      'floor req/s',
      `app/floor (target ≥ ${pct(TARGET.ratio)})`,
      `app p99 (target < ${TARGET.p99} ms)`,
      'floor p99',
      'app p50',
      'floor p50',
      'server CPU per request, app / floor',
      'failed app/floor',
    ],
    report.api.map(({ engine, call, app, floor }) => [
      engine,
      call,
      fmt(app.rps),
      fmt(floor.rps),
      `${pct(app.rps / floor.rps)} ${mark(app.rps / floor.rps >= TARGET.ratio)}`,
      `${ms(app.p99)} ${mark(app.p99 < TARGET.p99)}`,
      ms(floor.p99),
      ms(app.p50),
      ms(floor.p50),
      `${cpu(app.cpuMs)} / ${cpu(floor.cpuMs)}`,
      `${app.failed}/${floor.failed}`,
    ]),
  );
  if (report.tokens) {
    const { endpoint, sequential, inFlight16 } = report.tokens;
    const best = Math.max(sequential.rps, inFlight16.rps);
    table(
      ['tokens (postgres)', 'tokens/s', 'p50', 'p99', 'CPU per token', `ratio to raw (target ≥ ${pct(TARGET.tokenRatio)})`],
      [
        [
          'POST /oauth2/token, client_credentials, 32 connections',
          fmt(endpoint.rps),
          ms(endpoint.p50),
          `${ms(endpoint.p99)} (failed ${endpoint.failed})`,
          `${cpu(endpoint.cpuMs)} (server process)`,
          `${pct(endpoint.rps / best)} of the better raw rate ${mark(endpoint.rps / best >= TARGET.tokenRatio)}`,
        ],
        ['raw jose RS256 sign, sequential', fmt(sequential.rps), ms(sequential.p50), ms(sequential.p99), cpu(sequential.cpuMs), ''],
        ['raw jose RS256 sign, 16 in flight', fmt(inFlight16.rps), ms(inFlight16.p50), ms(inFlight16.p99), cpu(inFlight16.cpuMs), ''],
      ],
    );
  }
  table(
    ['engine', 'call', 'floor runs the app\u2019s SQL?', 'floor answers like the app?'],
    report.checks.flatMap(({ engine, sql, responses }) =>
      CALLS.map((call) => [engine, call, sql[call], responses[call] ?? 'n/a (writes)']),
    ),
  );
  lines.push(
    'Reading it: the floor is a bare node:http server running the app\u2019s own SQL text on the same driver and pool size. ' +
      'Server, database and autocannon share the same cores, so CPU per request (user + system time of the server process, ' +
      'from /proc) is what sets throughput; with 32 requests in flight, mean latency is about 32 / throughput. ' +
      'Raw signing runs in the runner process with the cores to itself; the endpoint shares them with PostgreSQL and autocannon.',
  );
  return lines.join('\n');
}

const started = performance.now();
const startLoad = loadavg()[0];
try {
  log(`bench: ${fmt(settings.users)} users (${fmt(settings.users * 2)} identities) on ${settings.engines.join(' and ')}`);
  const pgVersion = await postgresVersion();
  for (const engine of settings.engines) await benchEngine(engine);
  if (env.BENCH_IMPORT === '1') {
    const users = Number(env.BENCH_IMPORT_USERS ?? 1_000_000);
    log(`import: ${fmt(users)} users through roster users import, on ${settings.engines.join(' and ')}`);
    report.imports = await benchImport({
      users,
      engines: settings.engines,
      adminUrl: settings.adminUrl,
      database: `${settings.database}_import`,
      log,
    });
  }
  const text = summary(pgVersion, started) + (report.imports ? `\n\n${importTable(report.imports)}` : '');
  console.log(`\n${text}`);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'latest.md'), `${text}\n`);
  log('written to bench/results/latest.md');
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  killAll();
  rmSync(SQLITE_DIR, { recursive: true, force: true });
}
