import type { ParsedRow } from '../record.js';
import { WHOLE_ROW } from './row-problem.js';

export type JsonObject = Record<string, unknown>;

/** A JSON object read from one line or array element, or why that line or element could not be read. */
export type JsonRecord = { ok: true; row: number; object: JsonObject } | { ok: false; row: number; field: string; reason: string };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toJsonRecord(row: number, value: unknown, what: string): JsonRecord {
  if (isJsonObject(value)) return { ok: true, row, object: value };
  const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  return { ok: false, row, field: WHOLE_ROW, reason: `${what} is ${found}, not a JSON object` };
}

export type RecordMapper = (object: JsonObject, row: number) => ParsedRow;

export async function* mapJsonRecords(batches: AsyncIterable<JsonRecord[]>, map: RecordMapper): AsyncGenerator<ParsedRow[]> {
  for await (const batch of batches) {
    yield batch.map((record) => (record.ok ? map(record.object, record.row) : record));
  }
}
