import { Command } from 'commander';
import { pruneExpired } from '../services/housekeeping.js';
import { withDataOption, withRoster } from './shared.js';

interface PruneFlags {
  json?: boolean;
  data?: string;
}

export function pruneCommand(): Command {
  return withDataOption(
    new Command('prune')
      .description('delete expired sign-in rows now (roster serve does it every 10 minutes); prints the rows deleted per table')
      .option('--json', 'print one JSON object of rows deleted per table'),
  ).action(async (flags: PruneFlags) => {
    const deleted = await withRoster(flags, (roster) => pruneExpired(roster));
    if (flags.json) return console.log(JSON.stringify(deleted));
    for (const [table, count] of Object.entries(deleted)) console.log(`${table.padEnd(24)}${count}`);
  });
}
