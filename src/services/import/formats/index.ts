import type { ImportFormatName, ParsedRow, ParseOptions } from '../record.js';
import { mapAuth0User } from './auth0.js';
import { mapFirebaseUser } from './firebase.js';
import { peekFirstCharacter, type ImportInput } from './input.js';
import { readJsonArray } from './json-array.js';
import { readJsonLines } from './json-lines.js';
import { mapJsonRecords } from './json-record.js';
import { readKindeCsv } from './kinde-csv.js';
import { mapKindeUser } from './kinde-ndjson.js';

export { detectFormat } from './detect.js';
export type { ImportInput } from './input.js';

/**
 * Streams the users of an import file in file order. A row the format itself cannot read becomes
 * `{ ok: false, row, field, reason }` (field '' when it concerns the whole row) and reading goes on; a file that cannot
 * be read at all throws. Row numbers: CSV data rows from 1 (the header is not counted); NDJSON lines from 1 (blank
 * lines skipped but counted); JSON array elements from 1. Invalid JSON inside a JSON array cannot be skipped, so it
 * throws after the elements before it have been yielded.
 */
export async function* parseImport(input: ImportInput, format: ImportFormatName, options: ParseOptions = {}): AsyncGenerator<ParsedRow> {
  const { first, chunks, close } = await peekFirstCharacter(input);
  try {
    if (first === undefined) throw new Error('The file is empty');
    for await (const batch of readFormat(format, first, chunks, options)) yield* batch;
  } finally {
    await close();
  }
}

function readFormat(
  format: ImportFormatName,
  first: string,
  chunks: AsyncIterable<Buffer>,
  options: ParseOptions,
): AsyncIterable<ParsedRow[]> {
  switch (format) {
    case 'kinde-csv':
      return readKindeCsv(chunks);
    case 'kinde-ndjson':
      if (first !== '{') throw new Error('The file is not Kinde NDJSON: it must have one JSON object per line');
      return mapJsonRecords(readJsonLines(chunks), mapKindeUser);
    case 'auth0': {
      if (first === '{') return mapJsonRecords(readJsonLines(chunks), mapAuth0User);
      if (first !== '[') throw new Error('The file is not an Auth0 export: it must be a JSON array of users or one JSON user per line');
      const users = readJsonArray(chunks, { kind: 'top-level' }, 'an Auth0 export (a JSON array of users)');
      return mapJsonRecords(users, mapAuth0User);
    }
    case 'firebase': {
      const config = options.firebaseHashConfig;
      const users = readJsonArray(chunks, { kind: 'property', name: 'users' }, 'a Firebase auth export ({"users":[…]})');
      return mapJsonRecords(users, (object, row) => mapFirebaseUser(object, row, config));
    }
    default:
      throw new Error(`Unknown import format: ${String(format satisfies never)}`);
  }
}
