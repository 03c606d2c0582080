import { Command, InvalidArgumentError } from 'commander';
import { listOutboxMessages } from '../services/messages/outbox.js';
import { withDataOption, withRoster } from './shared.js';

interface OutboxFlags {
  json?: boolean;
  data?: string;
  limit?: number;
}

function positiveWhole(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return Number(value);
}

export function outboxCommand(): Command {
  return withDataOption(
    new Command('outbox')
      .description('print the messages kept because no SMTP server or SMS webhook is configured, oldest first')
      .option('--json', 'print a JSON array of {id, channel, recipient, subject, body, created_on}')
      .option('--limit <n>', 'only the newest n messages (still oldest first)', positiveWhole),
  ).action(async (flags: OutboxFlags) => {
    const messages = await withRoster(flags, (roster) => listOutboxMessages(roster, flags.limit));
    if (flags.json) return console.log(JSON.stringify(messages));
    if (!messages.length) return console.log('The outbox is empty.');
    for (const message of messages) {
      console.log(`${message.created_on}  ${message.channel}  to ${message.recipient}${message.subject ? `  "${message.subject}"` : ''}`);
      console.log(`${message.body.trimEnd().replace(/^/gm, '    ')}\n`);
    }
  });
}
