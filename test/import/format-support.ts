import { createReadStream } from 'node:fs';
import type { ParsedRow } from '../../src/services/import/record.js';

/** The file's bytes as they would arrive from a stream. */
export async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<string | Buffer> {
  yield* parts;
}

export async function collect(rows: AsyncIterable<ParsedRow>): Promise<ParsedRow[]> {
  const out: ParsedRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/** A fixture file under test/fixtures/import, as a stream. */
export const fixtureStream = (name: string) => createReadStream(new URL(`../fixtures/import/${name}`, import.meta.url));
