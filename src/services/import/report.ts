import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from '../nullable.js';

const Row = Type.Integer({ description: 'Row of the file: CSV data rows and NDJSON lines from 1' });

const ImportCountsSchema = Type.Object({
  read: Type.Integer(),
  valid: Type.Integer(),
  imported: Type.Integer({ description: 'Written, or on a dry run, that would be written' }),
  skipped_existing: Type.Integer(),
  invalid: Type.Integer(),
  duplicates: Type.Integer(),
  lookalike_warnings: Type.Integer(),
});
const RowProblemSchema = Type.Object({ row: Row, field: Type.String(), code: Type.String(), reason: Type.String() });
const DuplicateRowSchema = Type.Object(
  { row: Row, field: Type.String(), reason: Type.String(), duplicate_of_row: Row },
  { description: 'A row whose key an earlier row of the file already claimed: the earlier row wins' },
);
const ExistingRowSchema = Type.Object(
  { row: Row, field: Type.String(), reason: Type.String() },
  { description: 'A row skipped because its identity or provided id is already stored: an import never updates a user' },
);
const LookalikePairSchema = Type.Object(
  { row: Row, username: Type.String(), looks_like: Type.String(), other_row: Nullable(Row) },
  { description: 'A username that looks like another one (other_row null: the other one is already stored)' },
);

/** What an import answers, over HTTP and from the CLI. */
export const ImportReportSchema = Type.Object({
  format: Nullable(Type.String()),
  dry_run: Type.Boolean(),
  counts: ImportCountsSchema,
  invalid: Type.Array(RowProblemSchema),
  duplicates: Type.Array(DuplicateRowSchema),
  existing: Type.Array(ExistingRowSchema),
  lookalikes: Type.Array(LookalikePairSchema),
  ignored_fields: Type.Array(Type.String(), { description: 'Fields of the file that Roster does not import, each named once' }),
  truncated: Type.Boolean({ description: 'A list was cut at listed_limit entries; the counts stay complete' }),
  listed_limit: Type.Integer(),
  seconds: Type.Number(),
});

export type ImportReport = Static<typeof ImportReportSchema>;
export type ImportCounts = Static<typeof ImportCountsSchema>;
/** A row the file got wrong: which field, and why. */
export type RowProblem = Static<typeof RowProblemSchema>;
export type DuplicateRow = Static<typeof DuplicateRowSchema>;
export type ExistingRow = Static<typeof ExistingRowSchema>;
export type LookalikePair = Static<typeof LookalikePairSchema>;

export const DEFAULT_LIST_LIMIT = 10_000;

interface Lists {
  invalid: RowProblem[];
  duplicates: DuplicateRow[];
  existing: ExistingRow[];
  lookalikes: LookalikePair[];
}

/** Collects the report; lists keep at most `limit` entries each, so a huge file with many bad rows stays in bounds. */
export class ReportBuilder {
  readonly counts: ImportCounts = { read: 0, valid: 0, imported: 0, skipped_existing: 0, invalid: 0, duplicates: 0, lookalike_warnings: 0 };
  private readonly lists: Lists = { invalid: [], duplicates: [], existing: [], lookalikes: [] };
  private readonly ignored = new Set<string>();
  private truncated = false;
  private readonly started = performance.now();

  constructor(
    private readonly format: string | null,
    private readonly dryRun: boolean,
    private readonly limit = DEFAULT_LIST_LIMIT,
  ) {}

  private keep<K extends keyof Lists>(list: K, entry: Lists[K][number]): void {
    const target = this.lists[list] as unknown[];
    if (target.length < this.limit) target.push(entry);
    else this.truncated = true;
  }

  invalid(problem: RowProblem): void {
    this.counts.invalid++;
    this.keep('invalid', problem);
  }

  duplicate(entry: DuplicateRow): void {
    this.counts.duplicates++;
    this.keep('duplicates', entry);
  }

  existing(entry: ExistingRow): void {
    this.counts.skipped_existing++;
    this.keep('existing', entry);
  }

  lookalike(pair: LookalikePair): void {
    this.counts.lookalike_warnings++;
    this.keep('lookalikes', pair);
  }

  ignoredFields(fields: string[]): void {
    for (const field of fields) if (this.ignored.size < 100) this.ignored.add(field);
  }

  /** A user a batch left out after all: its identity was taken by a concurrent write between the check and the insert. */
  lostRace(row: number): void {
    this.counts.imported--;
    this.existing({ row, field: 'identities', reason: 'already exists (added while the import ran)' });
  }

  build(): ImportReport {
    const byRow = <T extends { row: number }>(list: T[]) => list.sort((a, b) => a.row - b.row);
    return {
      format: this.format,
      dry_run: this.dryRun,
      counts: { ...this.counts },
      invalid: byRow(this.lists.invalid),
      duplicates: byRow(this.lists.duplicates),
      existing: byRow(this.lists.existing),
      lookalikes: byRow(this.lists.lookalikes),
      ignored_fields: [...this.ignored].sort(),
      truncated: this.truncated,
      listed_limit: this.limit,
      seconds: Math.round(performance.now() - this.started) / 1000,
    };
  }
}
