import { invalid, RosterError } from '../../domain/errors.js';
import { detectFormat, parseImport } from './formats/index.js';
import { IMPORT_FORMAT_NAMES, type ImportFormatName, type ParseOptions, type ParsedRow } from './record.js';

const HEAD_BYTES = 1024;

export interface ImportSource {
  format: ImportFormatName;
  rows: AsyncIterable<ParsedRow>;
}

export function checkFormatName(format: string | undefined, field = 'format'): ImportFormatName | undefined {
  if (format === undefined || format === '') return undefined;
  if (!(IMPORT_FORMAT_NAMES as readonly string[]).includes(format)) {
    throw invalid('INVALID_IMPORT_FORMAT', `Unknown import format ${JSON.stringify(format)}: use ${IMPORT_FORMAT_NAMES.join(', ')}`, field);
  }
  return format as ImportFormatName;
}

/**
 * Parses a stream of file bytes in the given format, or in the one its first kilobyte shows. Only that kilobyte is
 * held to look at; the rest streams through.
 */
export async function openImportSource(
  chunks: AsyncIterable<Buffer | string | Uint8Array>,
  format: ImportFormatName | undefined,
  options: ParseOptions & { fileName?: string } = {},
): Promise<ImportSource> {
  const iterator = chunks[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  while (size < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk =
      typeof next.value === 'string'
        ? Buffer.from(next.value)
        : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    head.push(chunk);
    size += chunk.length;
  }
  const first = Buffer.concat(head);
  if (first.toString('utf8').trim() === '') throw invalid('EMPTY_IMPORT', 'The file is empty', 'file');
  const chosen = format ?? detectFormat(first.subarray(0, HEAD_BYTES), options.fileName);
  if (chosen === undefined) {
    throw invalid('UNKNOWN_IMPORT_FORMAT', `Can't tell the file's format; name it: ${IMPORT_FORMAT_NAMES.join(', ')}`, 'format');
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield first;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      const value = next.value;
      yield typeof value === 'string' ? Buffer.from(value) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  }
  return { format: chosen, rows: fileErrors(parseImport(replay(), chosen, options)) };
}

/** Reading the rows touches nothing but the file, so whatever stops it is a problem with the file. */
async function* fileErrors(rows: AsyncIterable<ParsedRow>): AsyncGenerator<ParsedRow> {
  try {
    yield* rows;
  } catch (error) {
    if (error instanceof RosterError || typeof (error as { statusCode?: unknown }).statusCode === 'number') throw error;
    throw invalid('INVALID_IMPORT_FILE', error instanceof Error ? error.message : String(error), 'file');
  }
}
