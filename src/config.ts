import { resolve } from 'node:path';

export type LookalikePolicy = 'allow' | 'warn' | 'reject';

/** Everything Roster can be told at start, validated once; nothing else reads the environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** The public base URL, without a trailing slash: the `iss` of every token and the base of every URL handed out. */
  issuer: string;
  usernameLookalikes: LookalikePolicy;
  accessTokenSeconds: number;
  /** When set, private signing keys are stored encrypted with a key derived from it. */
  keyEncryptionSecret: string | undefined;
  logLevel: string;
}

export interface ConfigFlags {
  port?: string | number;
  host?: string;
  data?: string;
  issuer?: string;
}

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(flags.port ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`The port must be a whole number from 0 to 65535 (got ${flags.port ?? env.PORT})`);
  const issuer = (flags.issuer ?? env.ROSTER_ISSUER ?? `http://localhost:${port}`).replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(issuer);
  } catch {
    throw new Error(`The issuer must be an absolute http(s) URL (got ${issuer})`);
  }
  if (!/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash) throw new Error(`The issuer must be an http(s) URL without query or fragment (got ${issuer})`);
  const usernameLookalikes = (env.ROSTER_USERNAME_LOOKALIKES ?? 'warn') as LookalikePolicy;
  if (!['allow', 'warn', 'reject'].includes(usernameLookalikes)) throw new Error('ROSTER_USERNAME_LOOKALIKES must be allow, warn or reject');
  const accessTokenSeconds = Number(env.ROSTER_ACCESS_TOKEN_SECONDS ?? 86400);
  if (!Number.isInteger(accessTokenSeconds) || accessTokenSeconds < 60) throw new Error('ROSTER_ACCESS_TOKEN_SECONDS must be a whole number of at least 60');
  return {
    port,
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    dataDir: resolve(flags.data ?? env.ROSTER_DATA_DIR ?? '.roster'),
    databaseUrl: env.DATABASE_URL || undefined,
    issuer,
    usernameLookalikes,
    accessTokenSeconds,
    keyEncryptionSecret: env.ROSTER_KEY_ENCRYPTION_SECRET || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
