import { invalid } from '../domain/errors.js';

/** A page is read forwards from one id or backwards from another, never both. */
export function assertOneDirection(page: { startingAfter?: string; endingBefore?: string }): void {
  if (page.startingAfter && page.endingBefore) {
    throw invalid('TOO_MANY_PARAMETERS', 'Only one of starting_after or ending_before may be specified');
  }
}
