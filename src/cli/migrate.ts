import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { migrate, openDatabase } from '../store/database.js';
import { announceDatabase, explainOpenError } from './database.js';
import { withDataOption } from './shared.js';

export function migrateCommand(): Command {
  return withDataOption(new Command('migrate').description('bring the database schema up to date (serve does this too)')).action(
    async (flags: { data?: string }) => {
      const config = loadConfig(flags);
      announceDatabase(config);
      const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const applied = await migrate(database.db).catch((error: unknown) => {
          throw explainOpenError(error, config);
        });
        console.log(applied.length ? `Applied ${applied.join(', ')} to ${database.location}` : `${database.location} is up to date`);
      } finally {
        await database.close();
      }
    },
  );
}
