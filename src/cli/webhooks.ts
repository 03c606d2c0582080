import { Command } from 'commander';
import { CLI_ACTOR } from '../domain/actor.js';
import { enableWebhook, listDeliveries } from '../services/webhooks/manage.js';
import { withDataOption, withRoster } from './shared.js';

interface Flags {
  data?: string;
  json?: boolean;
}

export function webhooksCommand(): Command {
  const deliveries = withDataOption(
    new Command('deliveries')
      .argument('<webhook_id>')
      .description('a webhook’s latest 50 deliveries, newest first, with each attempt')
      .option('--json', 'print a JSON array'),
  ).action(async (id: string, flags: Flags) => {
    const list = await withRoster(flags, (roster) => listDeliveries(roster, id));
    if (flags.json) return console.log(JSON.stringify(list));
    if (!list.length) return console.log('No deliveries yet.');
    for (const d of list) {
      console.log(`${d.created_on}  ${d.event_type}  ${d.status}${d.next_attempt_on ? `  next ${d.next_attempt_on}` : ''}  ${d.id}`);
      for (const a of d.attempts) console.log(`    ${a.attempted_on}  ${a.status_code ?? a.error ?? '—'}  ${a.duration_ms} ms`);
    }
  });
  const enable = withDataOption(
    new Command('enable').argument('<webhook_id>').description('re-enable a disabled webhook; it receives events from now on'),
  ).action(async (id: string, flags: Flags) => {
    await withRoster(flags, (roster) => enableWebhook(roster, id, CLI_ACTOR));
    console.log(`Webhook ${id} is enabled.`);
  });
  return new Command('webhooks').description('webhook deliveries and re-enabling').addCommand(deliveries).addCommand(enable);
}
