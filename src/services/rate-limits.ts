import { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Rate, RateLimitSettings } from '../config.js';

export type LimitName = 'api' | 'tokenPerClient' | 'tokenPerIp' | 'pagesPerIp' | 'pagesPerIdentifier';

/** A request over a limit: which policy, its quota, and how long until it allows one again. */
export interface Refusal {
  policy: LimitName;
  rate: Rate;
  retryAfterSeconds: number;
}

export interface RateLimitsHealth {
  store: 'memory' | 'redis';
  reachable: boolean;
}

export interface RateLimits {
  /** Counts one request against each `[limit, key]`; the first limit exceeded, or undefined when all allow it. */
  take(keys: readonly (readonly [LimitName, string])[]): Promise<Refusal | undefined>;
  health(): RateLimitsHealth;
  close(): Promise<void>;
}

interface Logger {
  warn(object: object, message: string): void;
  info(message: string): void;
}

const NO_LIMITS: RateLimits = { take: async () => undefined, health: () => ({ store: 'memory', reachable: true }), close: async () => {} };

/**
 * The request rate limits: counted in this process, or in Redis (`rate-limiter-flexible`'s atomic scripts) so every
 * node shares them. When Redis cannot be reached requests are served (fail open) and the log says so once; the
 * database-backed sign-in lockout still protects passwords.
 */
export function openRateLimits(settings: RateLimitSettings, log: Logger): RateLimits {
  if (!settings.enabled) return NO_LIMITS;
  const redis = settings.redisUrl === undefined ? undefined : connectRedis(settings.redisUrl, log);
  let reachable = true;
  const make = (name: string, rate: Rate): RateLimiterAbstract => {
    const options = { keyPrefix: `${settings.redisPrefix}:rl:${name}`, points: rate.points, duration: rate.seconds };
    return redis ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true }) : new RateLimiterMemory(options);
  };
  // The API's limit lets a burst through above its steady rate, the way a token bucket does.
  const limiters: Record<LimitName, Pick<RateLimiterAbstract, 'consume'>> = {
    api: new BurstyRateLimiter(make('api', settings.api), make('api-burst', settings.apiBurst)),
    tokenPerClient: make('token-client', settings.tokenPerClient),
    tokenPerIp: make('token-ip', settings.tokenPerIp),
    pagesPerIp: make('pages-ip', settings.pagesPerIp),
    pagesPerIdentifier: make('pages-identifier', settings.pagesPerIdentifier),
  };
  const rates: Record<LimitName, Rate> = {
    api: settings.api,
    tokenPerClient: settings.tokenPerClient,
    tokenPerIp: settings.tokenPerIp,
    pagesPerIp: settings.pagesPerIp,
    pagesPerIdentifier: settings.pagesPerIdentifier,
  };
  const failOpen = (error: unknown) => {
    if (reachable) log.warn({ err: error }, 'rate limits: Redis is unreachable; requests are served without rate limits until it is back');
    reachable = false;
  };
  redis?.on('ready', () => {
    if (!reachable) log.info('rate limits: Redis is reachable again; limits are enforced');
    reachable = true;
  });

  return {
    async take(keys) {
      for (const [name, key] of keys) {
        try {
          await limiters[name].consume(key);
        } catch (error) {
          if (!(error instanceof RateLimiterRes)) {
            failOpen(error);
            return undefined;
          }
          return { policy: name, rate: rates[name], retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
        }
      }
      return undefined;
    },
    health: () => ({ store: redis ? 'redis' : 'memory', reachable: redis ? reachable && redis.status === 'ready' : true }),
    close: async () => {
      redis?.disconnect();
    },
  };
}

function connectRedis(url: string, log: Logger): Redis {
  const redis = new Redis(url, {
    // Commands fail at once while disconnected (the limiter then fails open) instead of queueing behind a reconnect.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    commandTimeout: 1000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
  });
  let reported = false;
  redis.on('error', (error: Error) => {
    if (!reported) log.warn({ err: error }, `rate limits: cannot reach Redis at ${redactUrl(url)}`);
    reported = true;
  });
  redis.on('ready', () => (reported = false));
  return redis;
}

const redactUrl = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');
