import SQLite from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDatabase } from 'kysely';

const STATEMENT_CACHE_LIMIT = 500;

/**
 * A connection to the database file as every connection to it needs: write-ahead logging (readers and one writer at
 * once, across connections and processes), foreign keys enforced, and waiting out another writer's lock.
 */
export function openSqliteFile(file: string): SQLite.Database {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

/**
 * Kysely over better-sqlite3, with two changes that matter:
 * - write transactions start with BEGIN IMMEDIATE, so a second process writing the same file (a CLI command beside
 *   `roster serve`) waits out busy_timeout instead of failing at once when a read is upgraded to a write;
 * - statements are prepared once per SQL text: preparing on every query cost about a third of the time of a lookup.
 */
export function sqliteDialect(sqlite: SQLite.Database): SqliteDialect {
  const statements = new Map<string, SQLite.Statement>();
  const database: SqliteDatabase = {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_LIMIT) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
  return new ImmediateSqliteDialect({ database });
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
