import { Command } from 'commander';
import { MANAGEMENT_SCOPES } from '../domain/scopes.js';
import { createApplication, listApplications } from '../services/applications.js';
import { withDataOption, withRoster } from './shared.js';

interface CreateFlags {
  type: string;
  name: string;
  scopes: string;
  json?: boolean;
  data?: string;
}

export function appsCommand(): Command {
  const apps = new Command('apps').description('applications that may call Roster');

  withDataOption(
    apps
      .command('create')
      .description('create an application and print its client id and secret (the secret is shown only once)')
      .requiredOption('--type <type>', 'application type: m2m')
      .requiredOption('--name <name>', 'a name people will recognise')
      .option('--scopes <scopes>', `space-separated Management API scopes, or "all" (${MANAGEMENT_SCOPES.join(' ')})`, 'all')
      .option('--json', 'print one JSON object'),
  ).action(async (flags: CreateFlags) => {
    const app = await withRoster(flags, (roster) => createApplication(roster, flags));
    if (flags.json) return console.log(JSON.stringify(app));
    console.log(`Created ${app.type} application "${app.name}"
  client_id:     ${app.client_id}
  client_secret: ${app.client_secret}   (shown only now: store it safely)
  scopes:        ${app.scopes.join(' ')}`);
  });

  withDataOption(apps.command('list').description('list applications').option('--json', 'print a JSON array')).action(
    async (flags: { json?: boolean; data?: string }) => {
      const list = await withRoster(flags, listApplications);
      if (flags.json) return console.log(JSON.stringify(list));
      if (!list.length) return console.log('No applications yet: roster apps create --type m2m --name NAME');
      for (const app of list) console.log(`${app.client_id}  ${app.type.padEnd(4)}  ${app.name}  [${app.scopes.join(' ')}]`);
    },
  );
  return apps;
}
