import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { afterAll, beforeAll } from 'vitest';
import { freePort, freshDatabase, type TestDatabase } from './roster.js';

/** The built CLI (`npm run build` first; `npm test` does it in pretest). */
export const ROSTER_BIN = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));

const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * The inherited environment without anything that configures Roster, so a child sees only what a test gives it; rate
 * limits are off unless the test turns them on.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ROSTER_RATE_LIMITS: 'off' };
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(PORT|HOST|DATABASE_URL|LOG_LEVEL|ROSTER_.*|KINDE_.*)$/.test(key)) env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}

/** Where a test database lives, as CLI arguments: the data folder (ignored under DATABASE_URL). */
export const storeArgs = (database: TestDatabase) => ['--data', database.config.dataDir];

/** The environment for a test database: DATABASE_URL on PostgreSQL, nothing extra on SQLite. */
export const storeEnv = (database: TestDatabase, extra: Record<string, string | undefined> = {}) =>
  cleanEnv({ DATABASE_URL: database.config.databaseUrl, ...extra });

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `roster <args>` to completion; killed and rejected if it takes longer than the timeout. */
export function runRoster(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ROSTER_BIN, ...args], { env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`roster ${args.join(' ')} did not finish within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms\n${stderr}`));
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs a command that must succeed and print one JSON value. */
export async function runRosterJson<T = unknown>(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<T> {
  const result = await runRoster(args, options);
  if (result.code !== 0) throw new Error(`roster ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

export interface CreatedApp {
  client_id: string;
  client_secret: string;
  name: string;
  type: string;
  scopes: string[];
}

/** `roster apps create --type m2m --name NAME --json` against a test database. */
export function createM2mApp(database: TestDatabase, name: string, scopes?: string): Promise<CreatedApp> {
  const args = [
    'apps',
    'create',
    '--type',
    'm2m',
    '--name',
    name,
    '--json',
    ...(scopes ? ['--scopes', scopes] : []),
    ...storeArgs(database),
  ];
  return runRosterJson<CreatedApp>(args, { env: storeEnv(database) });
}

export interface ServeProcess {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process printed so far (stdout then stderr). */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ServeProcess>();
process.once('exit', () => running.forEach((server) => server.child.kill('SIGKILL')));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers 200 on /healthz within the time left, or false. */
export async function waitForHealth(url: string, timeoutMs: number, stillRunning: () => boolean = () => true): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && stillRunning()) {
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return false;
}

/**
 * Starts `roster serve <args>` and resolves once `http://127.0.0.1:<port>/healthz` answers 200. `port` is where the
 * test expects it to listen (given by flag or env); 0 takes the port the server says it bound. Rejects with the
 * process's output if it exits or times out first.
 */
export async function startServe(options: {
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  timeoutMs?: number;
}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [ROSTER_BIN, 'serve', ...options.args], { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stillRunning = () => child.exitCode === null && child.signalCode === null;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const server: ServeProcess = {
    url: '',
    port: options.port,
    child,
    output: () => stdout + stderr,
    stop: async () => {
      running.delete(server);
      if (!stillRunning()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(server);
  if (server.port === 0) server.port = await boundPort(() => stderr, timeoutMs, stillRunning);
  server.url = `http://127.0.0.1:${server.port}`;
  if (!server.port || !(await waitForHealth(server.url, timeoutMs, stillRunning))) {
    await server.stop();
    throw new Error(`roster serve ${options.args.join(' ')} did not answer ${server.url}/healthz with 200\n${server.output()}`);
  }
  return server;
}

/** The port named by the start-up summary's `(listening on HOST:PORT)`, or 0 if it does not come in time. */
async function boundPort(stderr: () => string, timeoutMs: number, stillRunning: () => boolean): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && stillRunning()) {
    const match = /\(listening on .+:(\d+)\)/.exec(stderr());
    if (match) return Number(match[1]);
    await sleep(50);
  }
  return 0;
}

/** `roster serve` for a test database on 127.0.0.1:port, with the issuer http://127.0.0.1:port. */
export function serveDatabase(database: TestDatabase, port: number, extraArgs: string[] = []): Promise<ServeProcess> {
  const args = [
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
    '--issuer',
    `http://127.0.0.1:${port}`,
    ...storeArgs(database),
    ...extraArgs,
  ];
  return startServe({ args, env: storeEnv(database), port });
}

/** Stops every server this module started that is still running (call in afterAll). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop()));
}

/** A client_credentials token from a running server, as Kinde's clients ask for it (form body, client_secret_post). */
export async function requestToken(
  url: string,
  app: Pick<CreatedApp, 'client_id' | 'client_secret'>,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret }),
    signal: AbortSignal.timeout(5_000),
  });
  return { status: response.status, body: await response.json() };
}

/** The claims and header of a freshly minted token (the caller checks its signature separately if it cares). */
export async function mintClaims(
  url: string,
  app: Pick<CreatedApp, 'client_id' | 'client_secret'>,
): Promise<{ token: string; claims: JWTPayload; kid: string | undefined }> {
  const { status, body } = await requestToken(url, app);
  if (status !== 200) throw new Error(`token request failed with ${status}: ${JSON.stringify(body)}`);
  return { token: body.access_token, claims: decodeJwt(body.access_token), kid: decodeProtectedHeader(body.access_token).kid };
}

export async function getJson(url: string, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** The startup line `Roster is serving <issuer> on <host>:<port> …` from the server's JSON log, waiting for it briefly. */
export async function servingLine(server: ServeProcess, timeoutMs = 5_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = server
      .output()
      .split('\n')
      .flatMap((text) => {
        try {
          return [String((JSON.parse(text) as { msg?: unknown }).msg ?? '')];
        } catch {
          return [];
        }
      })
      .find((msg) => msg.startsWith('Roster is serving '));
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no startup line in the output of roster serve:\n${server.output()}`);
    await sleep(50);
  }
}

/** Inside a describe: `roster serve` on a fresh database, stopped and dropped after the tests (filled in by beforeAll). */
export function useServedDatabase(): { database: TestDatabase; server: ServeProcess } {
  const database = {} as TestDatabase;
  const server = {} as ServeProcess;
  beforeAll(async () => {
    Object.assign(database, await freshDatabase());
    Object.assign(server, await serveDatabase(database, await freePort()));
  });
  afterAll(async () => {
    await stopAllServers();
    await database.drop?.();
  });
  return { database, server };
}

export interface ServeFixture {
  database: TestDatabase;
  app: CreatedApp;
  server: ServeProcess;
  port: number;
}

/**
 * Inside a describe: a fresh database with an M2M application, and `roster serve` on a free port started the way
 * `launch` says (its `port`, 0 for `--port 0`, overrides the free port); all stopped and dropped after the tests. The fields are set once beforeAll has run.
 */
export function useServe(
  name: string,
  launch: (database: TestDatabase, port: number) => { args: string[]; env: NodeJS.ProcessEnv; port?: number },
): ServeFixture {
  const fixture = {} as ServeFixture;
  beforeAll(async () => {
    fixture.database = await freshDatabase();
    fixture.app = await createM2mApp(fixture.database, name);
    fixture.port = await freePort();
    fixture.server = await startServe({ port: fixture.port, ...launch(fixture.database, fixture.port) });
    fixture.port = fixture.server.port;
  });
  afterAll(async () => {
    await stopAllServers();
    await fixture.database?.drop();
  });
  return fixture;
}
