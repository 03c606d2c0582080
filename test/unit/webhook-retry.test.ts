import { describe, expect, it } from 'vitest';
import { afterFailure, DISABLE_AFTER_MS, retryDelayMs } from '../../src/domain/webhook-retry.js';

const S = 1000;
const H = 3600 * S;

describe('the webhook retry schedule', () => {
  it('waits 5 s, 30 s, 2 min, 10 min, 1 h, 4 h, then every 12 h', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(retryDelayMs)).toEqual([5 * S, 30 * S, 120 * S, 600 * S, H, 4 * H, 12 * H, 12 * H, 12 * H]);
  });

  it('refuses a failure count that is not a whole number of at least 1', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => retryDelayMs(bad)).toThrow(RangeError);
  });

  it('a 410 Gone disables at once, whatever the count', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    expect(afterFailure({ status: 410, failures: 1, firstAttemptOn: now, now })).toEqual({
      kind: 'disable',
      reason: expect.stringContaining('410'),
    });
  });

  it('retries until the next attempt would fall past 72 hours of failures, then disables', () => {
    const first = new Date('2030-01-01T00:00:00Z');
    const at = (ms: number) => new Date(first.getTime() + ms);
    expect(afterFailure({ status: 500, failures: 1, firstAttemptOn: first, now: first })).toEqual({ kind: 'retry', at: at(5 * S) });
    expect(afterFailure({ status: null, failures: 9, firstAttemptOn: first, now: at(59 * H) })).toEqual({ kind: 'retry', at: at(71 * H) });
    expect(afterFailure({ status: 503, failures: 10, firstAttemptOn: first, now: at(71 * H) })).toEqual({
      kind: 'disable',
      reason: 'Deliveries failed for 72 hours',
    });
    expect(DISABLE_AFTER_MS).toBe(72 * H);
  });
});
