const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Waits after the 1st, 2nd, … failure; after the last, every 12 hours. */
const SCHEDULE = [5 * SECOND, 30 * SECOND, 2 * MINUTE, 10 * MINUTE, HOUR, 4 * HOUR];
const THEREAFTER = 12 * HOUR;

/** After failing this long since its first attempt, a webhook is disabled. */
export const DISABLE_AFTER_MS = 72 * HOUR;

/** How long to wait before the next attempt after `failures` failed attempts (1 or more). */
export function retryDelayMs(failures: number): number {
  if (!Number.isInteger(failures) || failures < 1) throw new RangeError('failures must be a whole number of at least 1');
  return SCHEDULE[failures - 1] ?? THEREAFTER;
}

export type FailureOutcome = { kind: 'retry'; at: Date } | { kind: 'disable'; reason: string };

/** What a failed attempt leads to: a 410 Gone disables at once, 72 hours of failures disable, else a retry. */
export function afterFailure(input: { status: number | null; failures: number; firstAttemptOn: Date; now: Date }): FailureOutcome {
  if (input.status === 410) return { kind: 'disable', reason: 'The endpoint answered 410 Gone' };
  const at = new Date(input.now.getTime() + retryDelayMs(input.failures));
  if (at.getTime() - input.firstAttemptOn.getTime() > DISABLE_AFTER_MS)
    return { kind: 'disable', reason: 'Deliveries failed for 72 hours' };
  return { kind: 'retry', at };
}
