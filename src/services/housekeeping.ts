import type { Executor } from '../store/database.js';
import {
  PRUNE_BATCH_SIZE,
  pruneAuthorizationCodes,
  pruneAuthorizationRequests,
  pruneEvents,
  pruneOneTimeCodes,
  pruneOutbox,
  pruneRefreshTokens,
  pruneSessions,
  pruneSignInAttempts,
} from '../store/housekeeping.js';
import { inTransaction, type Roster } from './context.js';
import { CODE_MINUTES } from './one-time-codes.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Batches of each table one pass deletes at most, so a pass cannot hold the database for long; the next takes the rest. */
export const MAX_BATCHES_PER_PASS = 50;

export type PrunedTable =
  'authorization_requests' | 'authorization_codes' | 'refresh_tokens' | 'sessions' | 'one_time_codes' | 'outbox' | 'sign_in_attempts';
/** `audit_events` only when the operator set a retention (ROSTER_EVENT_RETENTION_DAYS). */
export type PruneCounts = Record<PrunedTable, number> & { audit_events?: number };

interface PruneRule {
  table: PrunedTable;
  /** Deletes one batch of the rows that stopped mattering before `before`. */
  prune(ex: Executor, before: string): Promise<number>;
  /** How long after it stopped mattering (expired, ended, was kept) a row stays. */
  keptForMs: number;
}

const RULES: PruneRule[] = [
  // Nobody can resume an expired request, and nothing else reads it.
  { table: 'authorization_requests', prune: pruneAuthorizationRequests, keptForMs: 0 },
  // A used code presented again revokes the refresh tokens it led to; for a day after it expires, a leaked code
  // replayed late still does that instead of being merely unknown.
  { table: 'authorization_codes', prune: pruneAuthorizationCodes, keptForMs: DAY_MS },
  // Likewise a used or revoked refresh token presented again revokes its chain, even after it expired.
  { table: 'refresh_tokens', prune: pruneRefreshTokens, keptForMs: DAY_MS },
  // A dead session's codes and refresh tokens go with it (they are dead too), so it is kept as long as they would be;
  // the day also keeps a grant that found the session live just before it expired from issuing a token for a deleted one.
  { table: 'sessions', prune: pruneSessions, keptForMs: DAY_MS },
  // The send throttle counts the codes created in the last CODE_MINUTES, and a code expires no earlier than it was
  // created, so one that expired CODE_MINUTES ago is outside that window. Until then the verify page can say "expired".
  { table: 'one_time_codes', prune: pruneOneTimeCodes, keptForMs: CODE_MINUTES * MINUTE_MS },
  // Development messages: a day is long enough to read a code with `roster outbox`.
  { table: 'outbox', prune: pruneOutbox, keptForMs: DAY_MS },
  // Failed password sign-ins: a count nobody added to for a day starts again (every lock is shorter than that).
  { table: 'sign_in_attempts', prune: pruneSignInAttempts, keptForMs: DAY_MS },
];

/**
 * One pass of housekeeping: deletes the sign-in rows that can no longer matter at `now` and returns how many each
 * rule deleted (a session's codes and refresh tokens that go with it are not counted). Safe to run from several
 * processes at once: the deletes are idempotent.
 */
export async function pruneExpired(roster: Roster, now = new Date(), maxBatches = MAX_BATCHES_PER_PASS): Promise<PruneCounts> {
  const counts = {} as PruneCounts;
  for (const { table, prune, keptForMs } of RULES) {
    const before = new Date(now.getTime() - keptForMs).toISOString();
    counts[table] = await pruneInBatches(roster, (trx) => prune(trx, before), maxBatches);
  }
  const days = roster.config.eventRetentionDays;
  if (days !== undefined) {
    const before = new Date(now.getTime() - days * DAY_MS).toISOString();
    counts.audit_events = await pruneInBatches(roster, (trx) => pruneEvents(trx, before), maxBatches);
  }
  return counts;
}

/** Each batch is its own transaction: on SQLite a write transaction locks the file, so writers wait for one batch at most. */
async function pruneInBatches(roster: Roster, pruneBatch: (trx: Executor) => Promise<number>, maxBatches: number): Promise<number> {
  let total = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const count = await inTransaction(roster, pruneBatch);
    total += count;
    if (count < PRUNE_BATCH_SIZE) break;
  }
  return total;
}

/** Fastify's logger fits. */
export interface HousekeepingLog {
  info(details: object, text: string): void;
  error(details: object, text: string): void;
}

export interface HousekeepingSchedule {
  firstAfterMs: number;
  everyMs: number;
}

/**
 * Runs `pruneExpired` a minute after start and then every 10 minutes (counted from the end of the previous pass, so
 * passes never overlap), logging what it deleted and any failure. The timer does not keep the process alive. The
 * returned function stops it and waits for a pass under way, so the database can be closed after it.
 */
export function startHousekeeping(
  roster: Roster,
  log: HousekeepingLog,
  schedule: HousekeepingSchedule = { firstAfterMs: MINUTE_MS, everyMs: 10 * MINUTE_MS },
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let passUnderWay: Promise<void> = Promise.resolve();

  const pass = async () => {
    try {
      const deleted = await pruneExpired(roster);
      if (Object.values(deleted).some((count) => count > 0)) log.info({ deleted }, 'pruned expired sign-in rows');
    } catch (error) {
      log.error({ err: error }, 'pruning expired sign-in rows failed; will try again');
    }
  };
  const runAfter = (ms: number) => {
    timer = setTimeout(() => {
      passUnderWay = pass().then(() => {
        if (!stopped) runAfter(schedule.everyMs);
      });
    }, ms);
    timer.unref();
  };

  runAfter(schedule.firstAfterMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await passUnderWay;
  };
}
