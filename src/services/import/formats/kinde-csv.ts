import type { ImportedPassword } from '../../../domain/imported-password.js';
import type { ImportedIdentity, ParsedRow } from '../record.js';
import { readCsvRecords, type CsvRecord } from './csv-records.js';
import { mapRow, RowProblem, WHOLE_ROW } from './row-problem.js';

const PASSWORD_DETAIL_COLUMNS = ['hashing_method', 'salt', 'salt_position', 'salt_format'] as const;
const MAPPED_COLUMNS: ReadonlySet<string> = new Set([
  'email',
  'phone',
  'id',
  'first_name',
  'last_name',
  'username',
  'email_verified',
  'phone_verified',
  'hashed_password',
  ...PASSWORD_DETAIL_COLUMNS,
]);

const TRUE_WORDS: ReadonlySet<string> = new Set(['true', 'yes', '1']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['false', 'no', '0']);

function checkHeader(names: readonly string[]): void {
  if (names.includes('email') || names.includes('phone')) return;
  const named = names.filter((name) => name !== '');
  const shown = named.slice(0, 10).map((name) => (name.length > 40 ? `${name.slice(0, 37)}...` : name));
  const found = named.length === 0 ? 'no column names' : `${shown.join(', ')}${named.length > 10 ? ', ...' : ''}`;
  throw new Error(`The CSV header must have an email or phone column (found: ${found})`);
}

/** Kinde's TRUE/FALSE, in any case; also yes/no and 1/0, which spreadsheets produce. A blank cell is false. */
function verified(cells: ReadonlyMap<string, string>, column: string): boolean {
  const cell = cells.get(column);
  if (cell === undefined) return false;
  const word = cell.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new RowProblem(column, `Must be TRUE or FALSE, not "${cell.length > 20 ? `${cell.slice(0, 17)}...` : cell}"`);
}

function identities(cells: ReadonlyMap<string, string>): ImportedIdentity[] {
  const email = cells.get('email');
  const phone = cells.get('phone');
  const username = cells.get('username');
  if (email === undefined && phone === undefined) {
    throw new RowProblem('email', 'The row has neither an email nor a phone: at least one is required');
  }
  const found: ImportedIdentity[] = [];
  if (email !== undefined) found.push({ type: 'email', value: email, isVerified: verified(cells, 'email_verified'), field: 'email' });
  if (phone !== undefined) found.push({ type: 'phone', value: phone, isVerified: verified(cells, 'phone_verified'), field: 'phone' });
  if (username !== undefined) found.push({ type: 'username', value: username, isVerified: true, field: 'username' });
  return found;
}

function password(cells: ReadonlyMap<string, string>): ImportedPassword | null {
  const hashed = cells.get('hashed_password');
  if (hashed === undefined) return null;
  const method = cells.get('hashing_method');
  if (method === undefined) throw new RowProblem('hashing_method', 'A hashed_password needs a hashing_method');
  return {
    hashing_method: method,
    hashed_password: hashed,
    salt: cells.get('salt') ?? null,
    salt_position: cells.get('salt_position') ?? null,
    salt_format: cells.get('salt_format') ?? null,
  };
}

/** Non-blank cells Roster does not import: roles, permissions, organizations, password_verified, unknown columns. */
function ignored(cells: ReadonlyMap<string, string>, extra: number): string[] {
  const names = [...cells.keys()].filter((name) => !MAPPED_COLUMNS.has(name));
  if (!cells.has('hashed_password')) names.push(...PASSWORD_DETAIL_COLUMNS.filter((name) => cells.has(name)));
  if (extra > 0) names.push('(cells without a column name)');
  return names;
}

/**
 * Kinde's custom CSV import. Blank cells count as absent; values are passed on exactly as written (validation normalises them).
 * Rows number the data rows from 1; the header is not counted.
 */
export async function* readKindeCsv(chunks: AsyncIterable<Buffer>): AsyncGenerator<ParsedRow[]> {
  for await (const batch of readCsvRecords(chunks, checkHeader)) yield batch.map(mapRecord);
}

function mapRecord(record: CsvRecord): ParsedRow {
  if (!record.ok) return { ok: false, row: record.row, field: WHOLE_ROW, reason: record.reason };
  const { cells, extra } = record;
  return mapRow(record.row, () => ({
    row: record.row,
    providedId: cells.get('id') ?? null,
    firstName: cells.get('first_name') ?? null,
    lastName: cells.get('last_name') ?? null,
    picture: null,
    identities: identities(cells),
    password: password(cells),
    ignored: ignored(cells, extra),
  }));
}
