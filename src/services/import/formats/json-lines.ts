import { toJsonRecord, type JsonRecord } from './json-record.js';
import { readLines, type NumberedLine } from './lines.js';
import { WHOLE_ROW } from './row-problem.js';

function readJsonLine({ line, text }: NumberedLine): JsonRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // V8's message quotes part of the line (which may hold a password hash) and changes between Node versions.
    return { ok: false, row: line, field: WHOLE_ROW, reason: 'Line is not valid JSON' };
  }
  return toJsonRecord(line, value, 'Line');
}

/** One JSON object per line; a line that is not valid JSON becomes an error for that line and reading goes on. */
export async function* readJsonLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<JsonRecord[]> {
  for await (const lines of readLines(chunks)) yield lines.map(readJsonLine);
}
