import type { ImportedUser, ParsedRow } from '../record.js';

/** The `field` of an error about the row as a whole rather than one of its fields. */
export const WHOLE_ROW = '';

/** Thrown while mapping one row: the row becomes an error row and parsing goes on with the next. */
export class RowProblem extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function mapRow(row: number, build: () => ImportedUser): ParsedRow {
  try {
    return { ok: true, user: build() };
  } catch (error) {
    if (error instanceof RowProblem) return { ok: false, row, field: error.field, reason: error.reason };
    throw error;
  }
}
