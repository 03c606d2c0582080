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
  /** Lifetime of the admin console's access tokens: short, since they carry management permissions. */
  consoleAccessTokenSeconds: number;
  idTokenSeconds: number;
  refreshTokenSeconds: number;
  /** When set, private signing keys are stored encrypted with a key derived from it. */
  keyEncryptionSecret: string | undefined;
  logLevel: string;
  /** Email transport for sign-in codes (`smtp://user:pass@host:587`); without it, emails go to the outbox table. */
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** SMS transport: POST of JSON `{to, body}`; without it, text messages go to the outbox table. */
  smsWebhookUrl: string | undefined;
  /** The operator's CSS file, served after the hosted pages' default stylesheet. */
  themeCss: string | undefined;
  /** Events older than this many days are pruned by housekeeping; undefined keeps them forever. */
  eventRetentionDays: number | undefined;
  /** Lets webhooks reach loopback, private and link-local addresses, over http too (development, private networks). */
  webhooksAllowPrivate: boolean;
  timeouts: Timeouts;
  rateLimits: RateLimitSettings;
}

/** At most `points` requests per `seconds`, per key. */
export interface Rate {
  points: number;
  seconds: number;
}

export interface RateLimitSettings {
  enabled: boolean;
  /** Where the counters live when set; otherwise in this process, so each node counts alone. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key: deployments sharing one Redis keep apart by it. */
  redisPrefix: string;
  /** Management API, per application: a steady rate, and a burst allowance above it. */
  api: Rate;
  apiBurst: Rate;
  tokenPerClient: Rate;
  tokenPerIp: Rate;
  pagesPerIp: Rate;
  pagesPerIdentifier: Rate;
}

/** How long a connection may take over each part of a request, in milliseconds. */
export interface Timeouts {
  /** From connecting (or the previous response) to the end of the request headers. */
  headersMs: number;
  /** From the start of a request to the end of its body. */
  requestMs: number;
  /** The same for the import route, whose bodies are large files. */
  importMs: number;
  /** How long an idle keep-alive connection is kept open. */
  keepAliveMs: number;
}

export interface ConfigFlags {
  port?: string | number;
  host?: string;
  data?: string;
  issuer?: string;
  headersTimeout?: string;
  requestTimeout?: string;
  importTimeout?: string;
  keepAliveTimeout?: string;
}

/** A variable set to nothing (`PORT=` in a compose file) counts as unset, never as port 0 or host "" (every interface). */
const setting = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const portText = String(flags.port ?? setting(env.PORT) ?? 3000);
  // Number() would also take '', '0x50' and '1e3'; only plain digits are a port.
  const port = /^\s*\d+\s*$/.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`The port must be a whole number from 0 to 65535 (got ${portText})`);
  const issuer = (flags.issuer ?? setting(env.ROSTER_ISSUER) ?? `http://localhost:${port}`).replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(issuer);
  } catch {
    throw new Error(`The issuer must be an absolute http(s) URL (got ${issuer})`);
  }
  if (!/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash)
    throw new Error(`The issuer must be an http(s) URL without query or fragment (got ${issuer})`);
  const usernameLookalikes = (setting(env.ROSTER_USERNAME_LOOKALIKES) ?? 'warn') as LookalikePolicy;
  if (!['allow', 'warn', 'reject'].includes(usernameLookalikes))
    throw new Error('ROSTER_USERNAME_LOOKALIKES must be allow, warn or reject');
  const accessTokenSeconds = Number(setting(env.ROSTER_ACCESS_TOKEN_SECONDS) ?? 86400);
  if (!Number.isInteger(accessTokenSeconds) || accessTokenSeconds < 60)
    throw new Error('ROSTER_ACCESS_TOKEN_SECONDS must be a whole number of at least 60');
  const consoleAccessTokenSeconds = Number(setting(env.ROSTER_CONSOLE_ACCESS_TOKEN_SECONDS) ?? 600);
  if (!Number.isInteger(consoleAccessTokenSeconds) || consoleAccessTokenSeconds < 60)
    throw new Error('ROSTER_CONSOLE_ACCESS_TOKEN_SECONDS must be a whole number of at least 60');
  const idTokenSeconds = Number(setting(env.ROSTER_ID_TOKEN_SECONDS) ?? 3600);
  if (!Number.isInteger(idTokenSeconds) || idTokenSeconds < 60)
    throw new Error('ROSTER_ID_TOKEN_SECONDS must be a whole number of at least 60');
  const refreshTokenSeconds = Number(setting(env.ROSTER_REFRESH_TOKEN_SECONDS) ?? 30 * 24 * 3600);
  if (!Number.isInteger(refreshTokenSeconds) || refreshTokenSeconds < 60)
    throw new Error('ROSTER_REFRESH_TOKEN_SECONDS must be a whole number of at least 60');
  return {
    port,
    host: setting(flags.host) ?? setting(env.HOST) ?? '127.0.0.1',
    dataDir: resolve(flags.data ?? setting(env.ROSTER_DATA_DIR) ?? '.roster'),
    databaseUrl: env.DATABASE_URL || undefined,
    issuer,
    usernameLookalikes,
    accessTokenSeconds,
    consoleAccessTokenSeconds,
    idTokenSeconds,
    refreshTokenSeconds,
    keyEncryptionSecret: env.ROSTER_KEY_ENCRYPTION_SECRET || undefined,
    logLevel: setting(env.LOG_LEVEL) ?? 'info',
    ...messageSettings(env),
    ...eventSettings(env),
    timeouts: timeoutSettings(flags, env),
    rateLimits: rateLimitSettings(env),
  };
}

function eventSettings(env: NodeJS.ProcessEnv): Pick<Config, 'eventRetentionDays' | 'webhooksAllowPrivate'> {
  const days = setting(env.ROSTER_EVENT_RETENTION_DAYS);
  if (days !== undefined && !/^\s*[1-9]\d{0,5}\s*$/.test(days))
    throw new Error(`ROSTER_EVENT_RETENTION_DAYS must be a whole number of days, 1 or more (got ${days})`);
  const allowPrivate = setting(env.ROSTER_WEBHOOKS_ALLOW_PRIVATE);
  if (allowPrivate !== undefined && !['true', 'false'].includes(allowPrivate))
    throw new Error('ROSTER_WEBHOOKS_ALLOW_PRIVATE must be true or false');
  return { eventRetentionDays: days === undefined ? undefined : Number(days), webhooksAllowPrivate: allowPrivate === 'true' };
}

function rateLimitSettings(env: NodeJS.ProcessEnv): RateLimitSettings {
  const rate = (name: string, fallback: string): Rate => {
    const text = setting(env[name]) ?? fallback;
    const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
    const [points, seconds] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
    if (!(points >= 1 && seconds >= 1 && seconds <= 24 * 3600))
      throw new Error(`${name} must be requests/seconds, e.g. 100/60 (got ${text})`);
    return { points, seconds };
  };
  const switchText = (setting(env.ROSTER_RATE_LIMITS) ?? 'on').toLowerCase();
  if (!['on', 'off'].includes(switchText)) throw new Error('ROSTER_RATE_LIMITS must be on or off');
  const redisUrl = setting(env.ROSTER_REDIS_URL);
  if (redisUrl !== undefined && !hasProtocol(redisUrl, ['redis:', 'rediss:']))
    throw new Error('ROSTER_REDIS_URL must be a redis:// or rediss:// URL');
  return {
    enabled: switchText === 'on',
    redisUrl,
    redisPrefix: setting(env.ROSTER_REDIS_PREFIX) ?? 'roster',
    api: rate('ROSTER_RATE_LIMIT_API', '100/1'),
    apiBurst: rate('ROSTER_RATE_LIMIT_API_BURST', '1000/60'),
    tokenPerClient: rate('ROSTER_RATE_LIMIT_TOKEN_CLIENT', '1200/60'),
    tokenPerIp: rate('ROSTER_RATE_LIMIT_TOKEN_IP', '300/60'),
    pagesPerIp: rate('ROSTER_RATE_LIMIT_PAGES_IP', '300/60'),
    pagesPerIdentifier: rate('ROSTER_RATE_LIMIT_PAGES_IDENTIFIER', '30/60'),
  };
}

function timeoutSettings(flags: ConfigFlags, env: NodeJS.ProcessEnv): Timeouts {
  const seconds = (flag: string | undefined, name: string, fallback: number) => {
    const text = flag ?? setting(env[name]) ?? String(fallback);
    const value = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN;
    if (!(value > 0 && value <= 24 * 3600)) throw new Error(`${name} must be a number of seconds above 0, at most a day (got ${text})`);
    return Math.round(value * 1000);
  };
  const timeouts = {
    headersMs: seconds(flags.headersTimeout, 'ROSTER_HEADERS_TIMEOUT_SECONDS', 10),
    requestMs: seconds(flags.requestTimeout, 'ROSTER_REQUEST_TIMEOUT_SECONDS', 30),
    importMs: seconds(flags.importTimeout, 'ROSTER_IMPORT_TIMEOUT_SECONDS', 600),
    // Longer than the 60 s idle timeout of common load balancers, so they never reuse a connection Roster just closed.
    keepAliveMs: seconds(flags.keepAliveTimeout, 'ROSTER_KEEP_ALIVE_TIMEOUT_SECONDS', 72),
  };
  if (timeouts.headersMs > timeouts.requestMs) throw new Error('The headers timeout must not exceed the request timeout');
  return timeouts;
}

function messageSettings(env: NodeJS.ProcessEnv): Pick<Config, 'smtpUrl' | 'smtpFrom' | 'smsWebhookUrl' | 'themeCss'> {
  const smtpUrl = setting(env.ROSTER_SMTP_URL);
  if (smtpUrl !== undefined && !hasProtocol(smtpUrl, ['smtp:', 'smtps:']))
    throw new Error('ROSTER_SMTP_URL must be an smtp:// or smtps:// URL');
  const smsWebhookUrl = setting(env.ROSTER_SMS_WEBHOOK_URL);
  if (smsWebhookUrl !== undefined && !hasProtocol(smsWebhookUrl, ['http:', 'https:']))
    throw new Error('ROSTER_SMS_WEBHOOK_URL must be an http:// or https:// URL');
  const smtpFrom = setting(env.ROSTER_SMTP_FROM) ?? 'Roster <no-reply@localhost>';
  const themeCss = setting(env.ROSTER_THEME_CSS);
  return { smtpUrl, smtpFrom, smsWebhookUrl, themeCss: themeCss === undefined ? undefined : resolve(themeCss) };
}

function hasProtocol(url: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(url).protocol);
  } catch {
    return false;
  }
}
