import { Command } from 'commander';
import { CLI_ACTOR } from '../domain/actor.js';
import { MANAGEMENT_SCOPES } from '../domain/scopes.js';
import { addAdmin, listAdmins, removeAdmin, type Admin } from '../services/admins.js';
import { withDataOption, withRoster } from './shared.js';

interface Flags {
  json?: boolean;
  data?: string;
}

const describe = (admin: Admin) =>
  `${admin.user_id}  ${admin.email ?? '(no email)'}${admin.name ? `  ${admin.name}` : ''}  [${admin.scopes.join(' ')}]${admin.is_suspended ? '  suspended' : ''}`;

export function adminsCommand(): Command {
  const admins = new Command('admins').description('people who may use the admin console and the Management API');

  withDataOption(
    admins
      .command('add')
      .description('grant a person management scopes; an email nobody has yet becomes a new user with that email, confirmed')
      .argument('<who>', 'an email address or a user id (kp_…)')
      .option(
        '--scopes <scopes>',
        `"all" (the default: every scope, now and later) or space-separated scopes (${MANAGEMENT_SCOPES.join(' ')})`,
        'all',
      )
      .option('--json', 'print one JSON object'),
  ).action(async (who: string, flags: Flags & { scopes: string }) => {
    const admin = await withRoster(flags, (roster) => addAdmin(roster, who, flags.scopes, CLI_ACTOR));
    console.log(flags.json ? JSON.stringify(admin) : `Admin: ${describe(admin)}`);
  });

  withDataOption(admins.command('list').description('list admins').option('--json', 'print a JSON array')).action(async (flags: Flags) => {
    const list = await withRoster(flags, listAdmins);
    if (flags.json) return console.log(JSON.stringify(list));
    if (!list.length) return console.log('No admins yet: roster admins add EMAIL');
    for (const admin of list) console.log(describe(admin));
  });

  withDataOption(
    admins
      .command('remove')
      .description('take a person’s admin scopes away; their console access ends within seconds')
      .argument('<who>', 'an email address or a user id (kp_…)')
      .option('--json', 'print one JSON object'),
  ).action(async (who: string, flags: Flags) => {
    const userId = await withRoster(flags, (roster) => removeAdmin(roster, who, CLI_ACTOR));
    console.log(flags.json ? JSON.stringify({ user_id: userId, removed: true }) : `Removed admin ${userId}`);
  });
  return admins;
}
