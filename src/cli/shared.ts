import type { Command } from 'commander';
import { loadConfig, type Config, type ConfigFlags } from '../config.js';
import { openRoster, type Roster } from '../services/context.js';
import { announceDatabase, explainOpenError } from './database.js';

export const withDataOption = (command: Command) =>
  command.option(
    '--data <dir>',
    'data folder for the embedded database (default ./.roster, or ROSTER_DATA_DIR; ignored with DATABASE_URL)',
  );

/** Opens the core for a command, saying first which database it uses; a failure to open says what to do. */
export async function openAnnounced(config: Config): Promise<Roster> {
  announceDatabase(config);
  try {
    return await openRoster(config);
  } catch (error) {
    throw explainOpenError(error, config);
  }
}

/** Opens the core for one command and always closes it, so a short command never leaves the pool holding the process. */
export async function withRoster<T>(flags: ConfigFlags, work: (roster: Roster) => Promise<T>): Promise<T> {
  const roster = await openAnnounced(loadConfig(flags));
  try {
    return await work(roster);
  } finally {
    await roster.close();
  }
}
