import { pipeline, Readable } from 'node:stream';
import { parse, type CsvError, type Parser } from 'csv-parse';

/**
 * One CSV data row: its non-blank cells by header name, and how many non-blank cells have no column name. Or why
 * csv-parse could not read it. Rows count from 1 after the header.
 */
export type CsvRecord =
  { ok: true; row: number; cells: ReadonlyMap<string, string>; extra: number } | { ok: false; row: number; reason: string };

interface Skip {
  afterRecords: number;
  reason: string;
  unbalancedQuote: boolean;
}

/** After these, csv-parse reads on as if inside a quoted value, so the rows that follow cannot be told apart. */
const UNBALANCED_QUOTE_CODES: ReadonlySet<unknown> = new Set(['CSV_INVALID_CLOSING_QUOTE', 'CSV_QUOTE_NOT_CLOSED']);

/**
 * Streams a CSV file with a header row. Header names are trimmed and matched case-insensitively. A row csv-parse
 * cannot read (a quote inside an unquoted value) becomes an error for that row and reading goes on. An unbalanced
 * quote (text after a closing quote, or a quote never closed) throws instead, after the rows before it: the parser
 * would read on to the next quote character, merging the rows in between into one. Rows whose cells are all blank
 * are skipped but counted.
 */
export async function* readCsvRecords(
  chunks: AsyncIterable<Buffer>,
  checkHeader: (names: readonly string[]) => void,
): AsyncGenerator<CsvRecord[]> {
  const skips: Skip[] = [];
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (error: CsvError | undefined) => {
      const afterRecords = typeof error?.['records'] === 'number' ? error['records'] : 0;
      const reason = `The row is not valid CSV: ${error?.message ?? 'unknown error'}`;
      skips.push({ afterRecords, reason, unbalancedQuote: UNBALANCED_QUOTE_CODES.has(error?.code) });
      return undefined;
    },
  });
  pipeline(Readable.from(chunks), parser, () => {
    /* errors reach the loop below through the parser */
  });

  let header: string[] | undefined;
  let row = 0;
  const skipsBefore = (records: number, batch: CsvRecord[]) => {
    while (skips.length > 0 && skips[0]!.afterRecords < records) {
      const skip = skips.shift()!;
      if (header === undefined) throw new Error(`The CSV header row cannot be read: ${skip.reason}`);
      row += 1;
      if (skip.unbalancedQuote) {
        throw new Error(`Data row ${row} has an unbalanced quote, so the rows after it cannot be read reliably: ${skip.reason}`);
      }
      batch.push({ ok: false, row, reason: skip.reason });
    }
  };

  try {
    for await (const parsed of parsedBatches(parser)) {
      const batch: CsvRecord[] = [];
      for (const { record, info } of parsed) {
        skipsBefore(info.records, batch);
        if (header === undefined) {
          header = readHeader(record);
          checkHeader(header);
          continue;
        }
        row += 1;
        const cells = cellsOf(header, record);
        if (cells !== undefined) batch.push({ ok: true, row, ...cells });
      }
      if (batch.length > 0) yield batch;
    }
    const last: CsvRecord[] = [];
    skipsBefore(Number.POSITIVE_INFINITY, last);
    if (last.length > 0) yield last;
  } finally {
    parser.destroy();
  }
  if (header === undefined) throw new Error('The file is empty: a CSV import needs a header row');
}

/** The non-blank cells by column name; undefined for a row whose cells are all blank. */
function cellsOf(header: readonly string[], record: readonly string[]): { cells: Map<string, string>; extra: number } | undefined {
  const cells = new Map<string, string>();
  let extra = 0;
  let blank = true;
  record.forEach((cell, index) => {
    if (cell.trim() === '') return;
    blank = false;
    const name = header[index];
    if (name === undefined || name === '') extra += 1;
    else cells.set(name, cell);
  });
  return blank ? undefined : { cells, extra };
}

interface Parsed {
  record: string[];
  info: { records: number };
}

/** Everything the parser has ready, in one batch per wake-up, instead of one await per record. */
async function* parsedBatches(parser: Parser): AsyncGenerator<Parsed[]> {
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  parser.on('readable', signal);
  parser.on('end', () => {
    ended = true;
    signal();
  });
  parser.on('error', (error: Error) => {
    failure = error;
    signal();
  });
  for (;;) {
    const batch: Parsed[] = [];
    for (let next = parser.read() as Parsed | null; next !== null; next = parser.read() as Parsed | null) batch.push(next);
    if (batch.length > 0) yield batch;
    if (failure) throw failure;
    if (ended) return;
    if (batch.length === 0)
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
  }
}

function readHeader(record: string[]): string[] {
  const names = record.map((name) => name.trim().toLowerCase());
  const seen = new Set<string>();
  for (const name of names) {
    if (name !== '' && seen.has(name)) throw new Error(`The CSV header names the column "${name}" twice`);
    seen.add(name);
  }
  return names;
}
