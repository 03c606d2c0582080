/**
 * The half-open range [prefix, prefix + U+10FFFF) holds exactly the strings that start with `prefix` when strings are
 * compared as UTF-8 bytes (SQLite's default, and `collate "C"` on PostgreSQL), so a B-tree index answers prefix search.
 */
export const prefixRange = (prefix: string): [string, string] => [prefix, prefix + '\u{10FFFF}'];
