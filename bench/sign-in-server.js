// A `roster serve` for the sign-in benchmarks: SQLite in a temporary folder, or a fresh PostgreSQL database beside
// DATABASE_URL's when it is set; applications made with the CLI; everything removed by close().
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { codeFrom, signUp } from './pages.js';
import { CLI, freePort, killAll, ROOT, run, start, stop, waitForHttp } from './processes.js';

/** `profile`: a name for a `--cpu-prof` profile of the server in bench/results/profiles/ (see profile-summary.js). */
export async function startSignInServer({ profile } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-bench-signin-'));
  // Without rate limits: the load comes from one address and a few clients (their cost: bench/rate-limits.js).
  const env = { ...process.env, LOG_LEVEL: 'warn', ROSTER_RATE_LIMITS: 'off' };
  let dropDatabase = async () => {};
  let engine = 'sqlite';
  if (process.env.DATABASE_URL) {
    engine = 'postgres';
    const name = `roster_bench_signin_${process.pid}`;
    const admin = process.env.DATABASE_URL;
    const query = async (text) => {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(text);
      } finally {
        await client.end();
      }
    };
    await query(`drop database if exists ${name} with (force)`);
    await query(`create database ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = () => query(`drop database if exists ${name} with (force)`);
  }
  const data = ['--data', dataDir];
  const cli = async (args) => JSON.parse(await run([CLI, ...args, ...data], env));
  const createApp = (type, name, extra = []) => cli(['apps', 'create', '--type', type, '--name', name, '--json', ...extra]);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const profiling = profile
    ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench', 'results', 'profiles')}`, `--cpu-prof-name=${profile}-${engine}.cpuprofile`]
    : [];
  const server = start([...profiling, CLI, 'serve', '--port', String(port), '--host', '127.0.0.1', '--issuer', url, ...data], env);
  await waitForHttp(`${url}/healthz`, server);
  return {
    engine,
    url,
    pid: server.pid,
    dataDir,
    env,
    /** `roster apps create … --json` */
    createApp,
    /** A web application and a user with a password, signed up through its pages with the code from `roster outbox`. */
    async signedUpUser() {
      const redirect = 'http://localhost:3999/bench/callback';
      const web = await createApp('web', 'bench web', ['--redirect-uri', redirect]);
      const user = {
        email: `bench.${randomBytes(4).toString('hex')}@example.com`,
        given_name: 'Mark',
        family_name: 'Bench',
        password: 'Bench-mark-password-2026',
      };
      await signUp(url, web.client_id, redirect, user, async (email) => codeFrom(await cli(['outbox', '--json']), email));
      return { web, redirect, user };
    },
    close: async () => {
      await stop(server);
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));
const ms = (x) => `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;

/** One markdown table row per measured side: rate, p50, p99, failures, CPU per operation. */
export function tableRow(label, r) {
  return `| ${label} | ${fmt(r.rps)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.failed} | ${r.cpuMs.toFixed(2)} ms |`;
}

export const TABLE_HEADER = ['| side | per second | p50 | p99 | failed | CPU per operation |', '|---|---|---|---|---|---|'];

export const pct = (x) => `${Math.round(x * 100)}%`;

/** The knobs both sign-in benchmarks read, and a deadline that kills every child if the run hangs. */
export function benchSettings(name, defaultConcurrency) {
  const deadline = setTimeout(
    () => {
      console.error(`bench/${name}: timed out; killing the server`);
      killAll();
      process.exit(1);
    },
    Number(process.env.BENCH_TIMEOUT ?? 300) * 1000,
  );
  deadline.unref();
  return {
    seconds: Number(process.env.BENCH_SECONDS ?? 10),
    warmup: Number(process.env.BENCH_WARMUP ?? 2),
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? defaultConcurrency),
  };
}

export const log = (line) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
