// `npm run bench:rate-limits`: what the request rate limiter costs. The same database served by `roster serve` three
// times, with limits off, counted in the process, and counted in Redis (127.0.0.1:6379, skipped when it does not
// answer), all under the same load in alternating slices (GET /api/v1/user at 32 connections from one application,
// limits set high enough never to refuse). Prints requests per second and the ratios to the server without limits;
// the target is a cost under 5 %. Nothing is asserted.
//   BENCH_SECONDS=16 (per server, in BENCH_ROUNDS=8 alternating slices)  BENCH_WARMUP=2  BENCH_CONNECTIONS=32  BENCH_TIMEOUT=300
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare, httpTarget } from './measure.js';
import { CLI, freePort, killAll, ROOT, run, start, stop, waitForHttp } from './processes.js';
import { fetchToken } from './tokens.js';

const env = process.env;
const settings = {
  seconds: Number(env.BENCH_SECONDS ?? 16),
  warmup: Number(env.BENCH_WARMUP ?? 2),
  connections: Number(env.BENCH_CONNECTIONS ?? 32),
  rounds: Number(env.BENCH_ROUNDS ?? 8),
};
const USERS = 200;
const REDIS_URL = 'redis://127.0.0.1:6379';
const deadline = setTimeout(
  () => {
    console.error('bench: timed out; killing every server');
    killAll();
    process.exit(1);
  },
  Number(env.BENCH_TIMEOUT ?? 300) * 1000,
);
deadline.unref();
const log = (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

const redisAnswers = () =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: 6379 });
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

const dataDir = mkdtempSync(join(tmpdir(), 'roster-bench-limits-'));
const base = { ...env, LOG_LEVEL: 'warn' };
delete base.DATABASE_URL;
const HIGH = { ROSTER_RATE_LIMIT_API: '1000000/1', ROSTER_RATE_LIMIT_API_BURST: '1000000/60' };
const variants = [
  ['limits off', { ROSTER_RATE_LIMITS: 'off' }],
  ['in process', { ROSTER_RATE_LIMITS: 'on', ...HIGH }],
  ...((await redisAnswers())
    ? [
        [
          'in Redis',
          {
            ROSTER_RATE_LIMITS: 'on',
            ...HIGH,
            ROSTER_REDIS_URL: REDIS_URL,
            ROSTER_REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
          },
        ],
      ]
    : []),
];
const servers = [];
try {
  const credentials = JSON.parse(await run([CLI, 'apps', 'create', '--type', 'm2m', '--name', 'bench', '--json', '--data', dataDir], base));
  for (const [name, extra] of variants) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = start([CLI, 'serve', '--port', String(port), '--host', '127.0.0.1', '--issuer', url, '--data', dataDir], {
      ...base,
      ...extra,
    });
    servers.push({ name, url, child });
    await waitForHttp(`${url}/healthz`, child);
  }
  // One issuer per server, so each server gets a token of its own.
  const tokens = await Promise.all(servers.map((server) => fetchToken(server.url, credentials)));
  const ids = [];
  for (let i = 0; i < USERS; i++) {
    const response = await fetch(`${servers[0].url}/api/v1/user`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ identities: [{ type: 'email', details: { email: `limits.${i}@bench.example.com` } }] }),
    });
    ids.push((await response.json()).id);
  }
  log(`${servers.map((s) => s.name).join(', ')}: GET /api/v1/user, ${settings.connections} connections, ${settings.seconds} s each`);
  const targets = servers.map((server, i) =>
    httpTarget(
      {
        name: server.name,
        url: server.url,
        pid: server.child.pid,
        headers: { authorization: `Bearer ${tokens[i]}` },
        next: () => ({ method: 'GET', path: `/api/v1/user?id=${ids[Math.floor(Math.random() * ids.length)]}` }),
      },
      settings.connections,
    ),
  );
  // Many short slices: the machine's other load falls on every server alike.
  const result = await compare({ targets, seconds: settings.seconds, warmup: settings.warmup, rounds: settings.rounds });
  const floor = result['limits off'];
  const rows = servers.map(({ name }) => {
    const r = result[name];
    const cost = ((1 - r.rps / floor.rps) * 100).toFixed(1);
    return `| ${name} | ${r.rps.toFixed(0)} | ${(r.rps / floor.rps).toFixed(3)} | ${name === 'limits off' ? '' : `${cost} %`} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.cpuMs.toFixed(3)} | ${r.failed} |`;
  });
  const table = [
    `GET /api/v1/user, ${settings.connections} connections, SQLite, ${settings.seconds} s per server in ${settings.rounds} alternating slices (target: cost < 5 %)`,
    '',
    '| rate limits | req/s | ratio to off | cost | p50 ms | p99 ms | CPU ms/req | failed |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  console.log(`\n${table}\n`);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'rate-limits.md'), `${table}\n`);
} finally {
  await Promise.all(servers.map((server) => stop(server.child)));
  rmSync(dataDir, { recursive: true, force: true });
}
