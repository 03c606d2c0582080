// `node bench/passwords.js` (after `npm run build`): password sign-ins per second through the hosted pages of a spawned
// `roster serve` (SQLite, or PostgreSQL when DATABASE_URL is set), against raw argon2id hashing with the app's own
// parameters (m=19456, t=2, p=1) at the same concurrency in this process, measured in the same run. Each simulated
// browser opens the sign-in page once (its CSRF token) and then posts the password form over and over; the POSTs are
// counted and timed. A fresh browser per sign-in also pays for the authorize redirect and the page: that rate is printed
// too. Prints a markdown table with the ratio (target ≥ 80%). Nothing is asserted.
//   BENCH_PROFILE=1 (the server under --cpu-prof, into bench/results/profiles/)  BENCH_SECONDS=10 (per side, in alternating halves)  BENCH_WARMUP=2  BENCH_CONCURRENCY=4  BENCH_TIMEOUT=300
import { cpus, loadavg } from 'node:os';
import { hash } from '@node-rs/argon2';
import { ARGON2ID } from '../dist/auth/passwords.js';
import { compare, cpuSeconds, localTarget } from './measure.js';
import { authorizeUrl, Browser } from './pages.js';
import { killAll } from './processes.js';
import { benchSettings, log, pct, startSignInServer, TABLE_HEADER, tableRow } from './sign-in-server.js';

const { seconds, warmup, concurrency } = benchSettings('passwords', 4);
const TARGET = 0.8;

const signedIn = (answer) => answer.status >= 300 && answer.status < 400 && answer.location && !answer.location.includes('/auth/sign-in');

/**
 * `inFlight` browsers signing in over and over: each POST is a sign-in (counted, its latency kept). With `freshBrowser`
 * each sign-in starts from the authorize URL in a new cookie jar, as a new visitor would.
 */
function passwordSignIns({ name, url, pid, app, redirect, user, inFlight, freshBrowser }) {
  return {
    name,
    cpuSeconds: () => cpuSeconds(pid),
    async run(duration, latencies) {
      const started = performance.now();
      const end = started + duration * 1000;
      let count = 0;
      let failed = 0;
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          let browser;
          let page;
          while (performance.now() < end) {
            let answer;
            const t0 = performance.now();
            try {
              if (freshBrowser || !page) {
                browser = new Browser();
                page = await browser.follow(freshBrowser ? authorizeUrl(url, app.client_id, redirect) : `${url}/auth/sign-in`);
              }
              answer = await browser.submit(page, '/auth/sign-in/password', { identifier: user.email, password: user.password });
            } catch (error) {
              answer = { status: 0, html: String(error) };
            }
            if (signedIn(answer)) {
              count++;
              latencies?.push(performance.now() - t0);
            } else {
              failed++;
              if (failed === 1) log(`  a sign-in failed: ${answer.status} ${answer.location ?? ''} ${answer.html.slice(0, 200)}`);
            }
          }
        }),
      );
      return { count, seconds: (performance.now() - started) / 1000, failed };
    },
  };
}

async function main() {
  const startLoad = loadavg()[0];
  const server = await startSignInServer({ profile: process.env.BENCH_PROFILE === '1' ? 'passwords' : undefined });
  try {
    const { web, redirect, user } = await server.signedUpUser();

    log(
      `${server.engine}: password sign-ins (${concurrency} browsers) vs raw argon2id hashing (${concurrency} in flight), ${warmup} s warm-up each, ${seconds} s each`,
    );
    const common = { url: server.url, pid: server.pid, app: web, redirect, user, inFlight: concurrency };
    const results = await compare({
      seconds,
      warmup,
      targets: [
        passwordSignIns({ name: 'endpoint', ...common, freshBrowser: false }),
        passwordSignIns({ name: 'visitor', ...common, freshBrowser: true }),
        localTarget({ name: 'raw', inFlight: concurrency, work: () => hash(user.password, ARGON2ID) }),
      ],
    });
    const ratio = results.endpoint.rps / results.raw.rps;
    console.log(
      [
        `## Password sign-ins, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (${server.engine})`,
        '',
        `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}. ${concurrency} in flight; ${warmup} s warm-up, then ${seconds} s per side in alternating halves. ` +
          `argon2id m=${ARGON2ID.memoryCost}, t=${ARGON2ID.timeCost}, p=${ARGON2ID.parallelism} on both sides. Load average ${startLoad.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after.`,
        '',
        ...TABLE_HEADER,
        tableRow(`POST /auth/sign-in/password, ${concurrency} browsers`, results.endpoint),
        tableRow(`new visitor each time: authorize, sign-in page, POST, ${concurrency} in flight`, results.visitor),
        tableRow(`raw argon2id hash, ${concurrency} in flight`, results.raw),
        '',
        '| sign-ins / raw hashes (target ≥ 80%) | raw CPU / server CPU per sign-in | new visitors / raw hashes |',
        '|---|---|---|',
        `| ${pct(ratio)} ${ratio >= TARGET ? 'ok' : '**MISS**'} | ${pct(results.raw.cpuMs / results.endpoint.cpuMs)} | ${pct(results.visitor.rps / results.raw.rps)} |`,
      ].join('\n'),
    );
  } finally {
    await server.close();
  }
}

main()
  .catch((error) => {
    console.error(`bench/passwords failed: ${error instanceof Error ? error.stack : error}`);
    process.exitCode = 1;
  })
  .finally(() => killAll());
