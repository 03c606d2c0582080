import { isAbsolute, relative } from 'node:path';
import type { Config } from '../config.js';
import { sqliteFileIn } from '../store/database.js';

type DatabaseSettings = Pick<Config, 'databaseUrl' | 'dataDir'>;

/**
 * Which database a command is about to use, for people: `./.roster/roster.db` (relative when under the current
 * folder) or `PostgreSQL db.example.com/roster`, never with a user name or password.
 */
export function databaseLabel(config: DatabaseSettings, cwd = process.cwd()): string {
  if (config.databaseUrl) return `PostgreSQL ${postgresPlace(config.databaseUrl)}`;
  const file = sqliteFileIn(config.dataDir);
  const inside = relative(cwd, file);
  return inside.startsWith('..') || isAbsolute(inside) ? file : `./${inside}`;
}

function postgresPlace(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
    const port = parsed.port && parsed.port !== '5432' ? `:${parsed.port}` : '';
    return `${host}${port}${decodeURIComponent(parsed.pathname) || '/'}`;
  } catch {
    return '(DATABASE_URL)';
  }
}

/** Said on stderr before a command opens its database, so a command run from another folder cannot silently use a new one. */
export function announceDatabase(config: DatabaseSettings): void {
  process.stderr.write(`Using ${databaseLabel(config)}\n`);
}

/** A failure to open the database, worded with what to do about it; other errors pass through unchanged. */
export function explainOpenError(error: unknown, config: DatabaseSettings): unknown {
  const e = error as { code?: string; message?: string };
  if (config.databaseUrl && e?.code === '3D000') {
    const name = postgresPlace(config.databaseUrl).replace(/^[^/]*\//, '');
    return new Error(
      `The PostgreSQL database ${name} does not exist on ${postgresPlace(config.databaseUrl).split('/')[0]}: create it with createdb ${name} (or psql -c 'create database ${name}')`,
      { cause: error },
    );
  }
  if (config.databaseUrl && (e?.code === 'ECONNREFUSED' || /timeout exceeded when trying to connect/i.test(e?.message ?? ''))) {
    return new Error(
      `PostgreSQL at ${postgresPlace(config.databaseUrl)} cannot be reached (${e.code ?? 'connection timed out'}): is it running, and is DATABASE_URL right?`,
      {
        cause: error,
      },
    );
  }
  return error;
}
