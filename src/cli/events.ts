import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { Command, InvalidArgumentError } from 'commander';
import { exportEvents } from '../services/events.js';
import { withDataOption, withRoster } from './shared.js';

interface ExportFlags {
  data?: string;
  from?: string;
  to?: string;
  type?: string;
  user?: string;
  out?: string;
}

function instant(value: string): string {
  const time = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time.getTime()))
    throw new InvalidArgumentError('must be a date or time in ISO 8601, e.g. 2026-01-31 or 2026-01-31T12:00:00Z');
  return time.toISOString();
}

function typePrefix(value: string): string {
  if (!/^[a-z_.]{1,64}$/.test(value)) throw new InvalidArgumentError('must be an event type or its prefix, e.g. identity. or user.created');
  return value;
}

function userId(value: string): string {
  if (!/^kp_[0-9a-f]{32}$/.test(value)) throw new InvalidArgumentError('must be a user id (kp_ and 32 hex digits)');
  return value;
}

/** Writes one line, waiting while the stream's buffer is full, so a slow disk or pipe never makes the export hold more. */
async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(line + '\n')) await once(out, 'drain');
}

export function eventsCommand(): Command {
  const exportCommand = withDataOption(
    new Command('export')
      .description('stream the event log as NDJSON, oldest first (one event per line, for a SIEM)')
      .option('--from <time>', 'events at or after this time', instant)
      .option('--to <time>', 'events before this time', instant)
      .option('--type <prefix>', 'an event type or its prefix, e.g. identity.', typePrefix)
      .option('--user <user_id>', 'events about this user', userId)
      .option('--out <file>', 'write to this file instead of standard output'),
  ).action(async (flags: ExportFlags) => {
    const out = flags.out ? createWriteStream(flags.out) : process.stdout;
    await withRoster(flags, async (roster) => {
      const events = exportEvents(roster, { from: flags.from, to: flags.to, typePrefix: flags.type, userId: flags.user });
      for await (const event of events) await writeLine(out, JSON.stringify(event));
    });
    if (out !== process.stdout) {
      out.end();
      await once(out, 'finish');
    }
  });
  return new Command('events').description('the event log').addCommand(exportCommand);
}
