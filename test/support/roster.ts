import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { createApplication } from '../../src/services/applications.js';
import { openRoster, type Roster } from '../../src/services/context.js';
import { clientCredentialsGrant } from '../../src/services/tokens.js';

/** The engine under test: PostgreSQL when DATABASE_URL is set (CI runs both), else the embedded database. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL || undefined;
export const ENGINE = TEST_DATABASE_URL ? 'postgres' : 'sqlite';

export interface TestDatabase {
  config: Pick<Config, 'databaseUrl' | 'dataDir'>;
  drop(): Promise<void>;
}

/** A new, empty database for one test file: a temporary folder, or a new PostgreSQL database beside DATABASE_URL's. */
export async function freshDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-test-'));
  if (!TEST_DATABASE_URL)
    return { config: { databaseUrl: undefined, dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const name = `roster_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    config: { databaseUrl: url.toString(), dataDir },
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface TestRoster {
  roster: Roster;
  config: Config;
  close(): Promise<void>;
}

export async function startRoster(overrides: Partial<Config> = {}): Promise<TestRoster> {
  const database = await freshDatabase();
  const port = await freePort();
  // Rate limits are off unless a test turns them on: suites make more requests from one address than a person would.
  const config: Config = {
    ...loadConfig({ port, host: '127.0.0.1', issuer: `http://127.0.0.1:${port}` }, { ROSTER_RATE_LIMITS: 'off' }),
    ...database.config,
    logLevel: 'warn',
    ...overrides,
  };
  const roster = await openRoster(config);
  return {
    roster,
    config,
    close: async () => {
      await roster.close();
      await database.drop();
    },
  };
}

export interface TestServer extends TestRoster {
  app: FastifyInstance;
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  /** An access token with exactly these scopes (all of them when omitted). */
  token(scopes?: string): Promise<string>;
  /** fetch against the server with a bearer token for all scopes, JSON in and out. */
  api(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function startServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const test = await startRoster(overrides);
  const app = await buildApp(test.roster, { logger: false });
  await app.listen({ port: test.config.port, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${test.config.port}`;
  const tokens = new Map<string, string>();
  const token = async (scopes = 'all') => {
    let minted = tokens.get(scopes);
    if (!minted) {
      const client = await createApplication(test.roster, { type: 'm2m', name: `test ${scopes}`, scopes });
      minted = (
        await clientCredentialsGrant(test.roster, {
          clientId: client.client_id,
          clientSecret: client.client_secret,
          audiences: [],
          scope: '',
        })
      ).access_token;
      tokens.set(scopes, minted);
    }
    return minted;
  };
  const api: TestServer['api'] = async (method, path, body, bearer) => {
    const response = await fetch(url + path, {
      method,
      headers: {
        authorization: `Bearer ${bearer ?? (await token())}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  return {
    ...test,
    app,
    url,
    token,
    api,
    close: async () => {
      await app.close();
      await test.close();
    },
  };
}
