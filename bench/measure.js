// Bounded load runs: servers under autocannon (or work in this process) compared in alternating slices, with
// latencies kept per response (sub-millisecond) and the CPU each side used.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/** CPU seconds (user + system) a process has used so far, from /proc (Linux; NaN elsewhere). */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** A server under load: autocannon against `url`; `next()` returns each request's method, path and body. */
export function httpTarget({ name, url, pid, headers = {}, next }, connections) {
  return {
    name,
    cpuSeconds: () => cpuSeconds(pid),
    async run(duration, latencies) {
      const run = autocannon({
        url,
        connections,
        duration,
        timeout: 10,
        requests: [{ setupRequest: (request) => ({ ...request, ...next(), headers: { ...request.headers, ...headers } }) }],
      });
      if (latencies) run.on('response', (_client, status, _bytes, ms) => status < 300 && latencies.push(ms));
      const r = await run;
      return { count: r.requests.total, seconds: r.duration, failed: r.non2xx + r.errors + r.timeouts };
    },
  };
}

/** Work done in this process, `inFlight` at a time: `work()` returns a promise. */
export function localTarget({ name, inFlight, work }) {
  return {
    name,
    cpuSeconds: () => {
      const { user, system } = process.cpuUsage(); // the whole process, worker threads included
      return (user + system) / 1e6;
    },
    async run(duration, latencies) {
      const started = performance.now();
      const deadline = started + duration * 1000;
      let count = 0;
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (performance.now() < deadline) {
            const t = performance.now();
            await work();
            latencies?.push(performance.now() - t);
            count++;
          }
        }),
      );
      return { count, seconds: (performance.now() - started) / 1000, failed: 0 };
    },
  };
}

/**
 * Runs each target for `seconds` in total, in alternating slices (A B, B A, …) after a warm-up of each, so load from
 * anything else on the machine falls on all of them alike. Returns per target name: rate per second, p50 and p99 in
 * ms (of successful requests, pooled over the slices), failed requests, and CPU ms per request of the process doing
 * the work (the server, or this process for local work).
 */
export async function compare({ targets, seconds, warmup, rounds = 2 }) {
  if (warmup > 0) for (const target of targets) await target.run(warmup);
  const sides = targets.map(() => ({ count: 0, seconds: 0, failed: 0, cpu: 0, latencies: [] }));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...targets.keys()].reverse() : [...targets.keys()];
    for (const i of order) {
      await new Promise((resolve) => setTimeout(resolve, 250)); // let the last server finish what autocannon abandoned
      const side = sides[i];
      const cpuBefore = targets[i].cpuSeconds();
      const r = await targets[i].run(seconds / rounds, side.latencies);
      side.cpu += targets[i].cpuSeconds() - cpuBefore;
      side.count += r.count;
      side.seconds += r.seconds;
      side.failed += r.failed;
    }
  }
  return Object.fromEntries(
    targets.map(({ name }, i) => {
      const side = sides[i];
      const sorted = Float64Array.from(side.latencies).sort();
      const at = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : NaN);
      return [
        name,
        { rps: side.count / side.seconds, p50: at(0.5), p99: at(0.99), failed: side.failed, cpuMs: (side.cpu * 1000) / side.count },
      ];
    }),
  );
}

/** Requests for the three calls, drawing users at random from `sample`; add-identity sends a new email each time. */
export function requestsFor(call, sample, label) {
  const pick = () => sample[Math.floor(Math.random() * sample.length)];
  let n = 0;
  switch (call) {
    case 'get-user':
      return () => ({ method: 'GET', path: `/api/v1/user?id=${pick().user_id}` });
    case 'list-users-by-email':
      return () => ({ method: 'GET', path: `/api/v1/users?email=${encodeURIComponent(pick().email)}` });
    case 'add-identity':
      return () => ({
        method: 'POST',
        path: `/api/v1/users/${pick().user_id}/identities`,
        body: JSON.stringify({ type: 'email', value: `Added.${label}.${++n}@bench.example.com` }),
      });
    default:
      throw new Error(`unknown call ${call}`);
  }
}
