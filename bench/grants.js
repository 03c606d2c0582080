// `node bench/grants.js` (after `npm run build`): the token endpoint of a spawned `roster serve` (SQLite, or PostgreSQL
// when DATABASE_URL is set) against raw jose RS256 signing of the same claims in this process, measured in the same run:
//   client_credentials grants per second (autocannon)      vs signing one M2M access token
//   refresh_token grants per second (N chains, each always  vs signing a user access token and an ID token (with
//   presenting the successor of its last token)                at_hash), which is what each refresh hands out
// Prints a markdown table with the ratio to the better raw rate (target ≥ 70%). Nothing is asserted.
//   BENCH_PROFILE=1 (the server under --cpu-prof, into bench/results/profiles/)  BENCH_SECONDS=10 (per side, in alternating halves)  BENCH_WARMUP=2  BENCH_CONCURRENCY=16  BENCH_TIMEOUT=300
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { SignJWT } from 'jose';
import { postForm } from './http.js';
import { compare, cpuSeconds, httpTarget, localTarget } from './measure.js';
import { authorizeUrl, signInWithPassword } from './pages.js';
import { killAll } from './processes.js';
import { benchSettings, log, pct, startSignInServer, TABLE_HEADER, tableRow } from './sign-in-server.js';
import { rawSigner, tokenForm } from './tokens.js';

const { seconds, warmup, concurrency } = benchSettings('grants', 16);
const TARGET = 0.7;

/** Signs what one refresh grant hands out: a user's access token, then an ID token carrying its at_hash. */
function rawUserSigner(issuer, clientId) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(16).toString('hex');
  const sub = `kp_${randomBytes(16).toString('hex')}`;
  const header = { alg: 'RS256', kid, typ: 'JWT' };
  return async () => {
    const now = Math.floor(Date.now() / 1000);
    const access = await new SignJWT({
      aud: [],
      azp: clientId,
      iat: now,
      exp: now + 86400,
      iss: issuer,
      jti: randomUUID(),
      scp: ['openid', 'profile', 'email', 'offline'],
      sub,
      v: '2',
    })
      .setProtectedHeader(header)
      .sign(privateKey);
    const digest = createHash('sha256').update(access).digest();
    await new SignJWT({
      at_hash: digest.subarray(0, 16).toString('base64url'),
      aud: [clientId],
      auth_time: now,
      azp: clientId,
      email: 'bench@example.com',
      email_verified: true,
      exp: now + 86400,
      family_name: 'Bench',
      given_name: 'Mark',
      iat: now,
      iss: issuer,
      jti: randomUUID(),
      name: 'Mark Bench',
      sub,
      updated_at: now,
    })
      .setProtectedHeader(header)
      .sign(privateKey);
  };
}

/** `chains.length` refresh chains run side by side; each request presents the token the previous one returned. */
function refreshChains({ name, url, pid, app, chains }) {
  return {
    name,
    cpuSeconds: () => cpuSeconds(pid),
    async run(duration, latencies) {
      const started = performance.now();
      const end = started + duration * 1000;
      let count = 0;
      let failed = 0;
      await Promise.all(
        chains.map(async (_, i) => {
          while (chains[i] && performance.now() < end) {
            const t = performance.now();
            let status = 0;
            let body;
            try {
              ({ status, body } = await postForm(
                `${url}/oauth2/token`,
                new URLSearchParams({
                  grant_type: 'refresh_token',
                  refresh_token: chains[i],
                  client_id: app.client_id,
                  client_secret: app.client_secret,
                }),
              ));
            } catch (error) {
              body = { error: String(error) };
            }
            if (status !== 200 || !body?.refresh_token) {
              failed++;
              if (failed === 1) log(`  a refresh chain failed: ${status} ${JSON.stringify(body)}`);
              chains[i] = undefined; // a broken chain stays broken
              break;
            }
            chains[i] = body.refresh_token;
            latencies?.push(performance.now() - t);
            count++;
          }
        }),
      );
      return { count, seconds: (performance.now() - started) / 1000, failed };
    },
  };
}

async function main() {
  const startLoad = loadavg()[0];
  const server = await startSignInServer({ profile: process.env.BENCH_PROFILE === '1' ? 'grants' : undefined });
  try {
    const m2m = await server.createApp('m2m', 'bench m2m');
    const { web, redirect, user } = await server.signedUpUser();

    log(`${server.engine}: signing in ${concurrency} times to start ${concurrency} refresh chains`);
    const chains = [];
    for (let i = 0; i < concurrency; i++) {
      const callback = await signInWithPassword(authorizeUrl(server.url, web.client_id, redirect), user.email, user.password, redirect);
      const response = await fetch(`${server.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: new URL(callback).searchParams.get('code'),
          redirect_uri: redirect,
          client_id: web.client_id,
          client_secret: web.client_secret,
        }),
      });
      const body = await response.json();
      if (!body.refresh_token) throw new Error(`code exchange gave no refresh token: ${response.status} ${JSON.stringify(body)}`);
      chains.push(body.refresh_token);
    }

    log(`client_credentials: endpoint (${concurrency} connections) vs raw signing, ${warmup} s warm-up each, ${seconds} s each`);
    const signM2m = rawSigner(server.url);
    const cc = await compare({
      seconds,
      warmup,
      targets: [
        httpTarget(
          {
            name: 'endpoint',
            url: server.url,
            pid: server.pid,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            next: () => ({ method: 'POST', path: '/oauth2/token', body: tokenForm(m2m) }),
          },
          concurrency,
        ),
        localTarget({ name: 'sequential', inFlight: 1, work: signM2m }),
        localTarget({ name: 'concurrent', inFlight: concurrency, work: signM2m }),
      ],
    });

    log(`refresh_token: ${concurrency} chains vs raw signing of an access and an ID token, ${warmup} s warm-up each, ${seconds} s each`);
    const signUser = rawUserSigner(server.url, web.client_id);
    const rt = await compare({
      seconds,
      warmup,
      targets: [
        refreshChains({ name: 'endpoint', url: server.url, pid: server.pid, app: web, chains }),
        localTarget({ name: 'sequential', inFlight: 1, work: signUser }),
        localTarget({ name: 'concurrent', inFlight: concurrency, work: signUser }),
      ],
    });

    const ratio = (r) => r.endpoint.rps / Math.max(r.sequential.rps, r.concurrent.rps);
    // Less sensitive to whatever else runs on the machine: raw signing's CPU per token over the server's.
    const cpuRatio = (r) => Math.min(r.sequential.cpuMs, r.concurrent.cpuMs) / r.endpoint.cpuMs;
    const mark = (x) => (x >= TARGET ? 'ok' : '**MISS**');
    console.log(
      [
        `## Token grants, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (${server.engine})`,
        '',
        `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}. ${concurrency} in flight; ${warmup} s warm-up, then ${seconds} s per side in alternating halves. ` +
          `The endpoint, its database and the load generator share the machine; raw signing runs in this process. Load average ${startLoad.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after.`,
        '',
        ...TABLE_HEADER,
        tableRow(`POST /oauth2/token client_credentials, ${concurrency} connections`, cc.endpoint),
        tableRow('raw jose RS256, the same M2M claims, sequential', cc.sequential),
        tableRow(`raw jose RS256, the same M2M claims, ${concurrency} in flight`, cc.concurrent),
        tableRow(`POST /oauth2/token refresh_token, ${concurrency} chains`, rt.endpoint),
        tableRow('raw jose RS256, access + ID token, sequential', rt.sequential),
        tableRow(`raw jose RS256, access + ID token, ${concurrency} in flight`, rt.concurrent),
        '',
        '| grant | endpoint / better raw rate (target ≥ 70%) | raw CPU / server CPU per grant |',
        '|---|---|---|',
        `| client_credentials | ${pct(ratio(cc))} ${mark(ratio(cc))} | ${pct(cpuRatio(cc))} |`,
        `| refresh_token | ${pct(ratio(rt))} ${mark(ratio(rt))} | ${pct(cpuRatio(rt))} |`,
      ].join('\n'),
    );
  } finally {
    await server.close();
  }
}

main()
  .catch((error) => {
    console.error(`bench/grants failed: ${error instanceof Error ? error.stack : error}`);
    process.exitCode = 1;
  })
  .finally(() => killAll());
