import type { Command } from 'commander';
import { loadConfig, type ConfigFlags } from '../config.js';
import { openRoster, type Roster } from '../services/context.js';

export const withDataOption = (command: Command) =>
  command.option('--data <dir>', 'data folder for the embedded database (env ROSTER_DATA_DIR; ignored with DATABASE_URL)');

/** Opens the core for one command and always closes it, so a short command never leaves the pool holding the process. */
export async function withRoster<T>(flags: ConfigFlags, work: (roster: Roster) => Promise<T>): Promise<T> {
  const roster = await openRoster(loadConfig(flags));
  try {
    return await work(roster);
  } finally {
    await roster.close();
  }
}
