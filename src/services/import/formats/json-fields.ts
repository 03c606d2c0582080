import { isJsonObject, type JsonObject } from './json-record.js';
import { RowProblem } from './row-problem.js';

/**
 * Typed reads of one JSON object's fields. Each read marks the key as used; `unusedKeys` then lists the keys that hold
 * something Roster did not take, for the report. `path` prefixes field names in errors ('identities[2].').
 */
export class JsonFields {
  private readonly used = new Set<string>();

  constructor(
    readonly object: JsonObject,
    private readonly path = '',
  ) {}

  name(key: string): string {
    return `${this.path}${key}`;
  }

  /** Where this object sits in the row, e.g. 'identities[2]' ('' for the row itself). */
  get location(): string {
    return this.path.replace(/\.$/, '');
  }

  has(key: string): boolean {
    return isPresent(this.object[key]);
  }

  raw(key: string): unknown {
    this.used.add(key);
    return this.object[key];
  }

  /** A string; absent, null and blank strings read as null. */
  text(key: string): string | null {
    const value = this.raw(key);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') throw new RowProblem(this.name(key), `Must be a string, not ${describe(value)}`);
    return value.trim() === '' ? null : value;
  }

  /** Like text, but a number is taken as its decimal form (ids are often numbers in JSON exports). */
  id(key: string): string | null {
    const value = this.raw(key);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    this.used.delete(key);
    return this.text(key);
  }

  flag(key: string): boolean | null {
    const value = this.raw(key);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'boolean') throw new RowProblem(this.name(key), `Must be true or false, not ${describe(value)}`);
    return value;
  }

  count(key: string): number | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new RowProblem(this.name(key), `Must be a whole number, not ${describe(value)}`);
    }
    return value;
  }

  objectAt(key: string): JsonObject | null {
    const value = this.raw(key);
    if (value === undefined || value === null) return null;
    if (!isJsonObject(value)) throw new RowProblem(this.name(key), `Must be an object, not ${describe(value)}`);
    return value;
  }

  list(key: string): unknown[] {
    const value = this.raw(key);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw new RowProblem(this.name(key), `Must be an array, not ${describe(value)}`);
    return value;
  }

  /** The elements of an array of objects, each with its own field reader. */
  objects(key: string): JsonFields[] {
    return this.list(key).map((element, index) => {
      const path = `${this.name(key)}[${index}]`;
      if (!isJsonObject(element)) throw new RowProblem(path, `Must be an object, not ${describe(element)}`);
      return new JsonFields(element, `${path}.`);
    });
  }

  /** Keys never read that hold something: what the report lists as ignored. */
  unusedKeys(): string[] {
    return Object.keys(this.object)
      .filter((key) => !this.used.has(key) && isPresent(this.object[key]))
      .map((key) => this.name(key));
  }
}

/** Null, false, blank strings, empty arrays and empty objects carry nothing worth reporting as ignored. */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (isJsonObject(value)) return Object.keys(value).length > 0;
  return true;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const shown = JSON.stringify(value);
  const what = typeof value === 'string' ? 'the string' : typeof value === 'number' ? 'the number' : 'the value';
  return `${what} ${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown}`;
}
