#!/usr/bin/env node
import { Command } from 'commander';
import { adminsCommand } from './admins.js';
import { appsCommand } from './apps.js';
import { keysCommand } from './keys.js';
import { migrateCommand } from './migrate.js';
import { outboxCommand } from './outbox.js';
import { pruneCommand } from './prune.js';
import { serveCommand } from './serve.js';
import { usersCommand } from './users.js';

const program = new Command('roster')
  .description('Roster: users and identities, speaking Kinde’s wire protocol')
  .showHelpAfterError()
  .addCommand(serveCommand())
  .addCommand(migrateCommand())
  .addCommand(appsCommand())
  .addCommand(adminsCommand())
  .addCommand(keysCommand())
  .addCommand(usersCommand())
  .addCommand(outboxCommand())
  .addCommand(pruneCommand());

program.parseAsync().catch((error: unknown) => {
  console.error(`roster: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
