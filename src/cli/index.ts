#!/usr/bin/env node
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { adminsCommand } from './admins.js';
import { appsCommand } from './apps.js';
import { describeFailure } from './errors.js';
import { eventsCommand } from './events.js';
import { keysCommand } from './keys.js';
import { migrateCommand } from './migrate.js';
import { outboxCommand } from './outbox.js';
import { pruneCommand } from './prune.js';
import { serveCommand } from './serve.js';
import { usersCommand } from './users.js';
import { webhooksCommand } from './webhooks.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

const program = new Command('roster')
  .description(
    'Roster: a self-hosted user and identity service that speaks Kinde’s wire protocol. `roster serve` runs it; the other commands work on its database directly (the embedded one in ./.roster, or DATABASE_URL).',
  )
  .version(version, '-V, --version', 'print the version')
  .showHelpAfterError()
  .addCommand(serveCommand())
  .addCommand(migrateCommand())
  .addCommand(appsCommand())
  .addCommand(adminsCommand())
  .addCommand(keysCommand())
  .addCommand(usersCommand())
  .addCommand(outboxCommand())
  .addCommand(eventsCommand())
  .addCommand(webhooksCommand())
  .addCommand(pruneCommand());

program.parseAsync().catch((error: unknown) => {
  console.error(`roster: ${describeFailure(error)}`);
  process.exit(1);
});
