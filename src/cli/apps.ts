import { Command } from 'commander';
import { MANAGEMENT_SCOPES } from '../domain/scopes.js';
import { APPLICATION_TYPES, createApplication, deleteApplication, listApplications, type Application } from '../services/applications.js';
import { withDataOption, withRoster } from './shared.js';

interface CreateFlags {
  type: string;
  name: string;
  scopes?: string;
  redirectUri: string[];
  logoutUri: string[];
  origin: string[];
  logoUrl?: string;
  accent?: string;
  json?: boolean;
  data?: string;
}

/** Commander's way to let a flag repeat: each value is added to the list. */
const collect = (value: string, list: string[]) => [...list, value];

const lines = (label: string, values: string[]) => values.map((value) => `\n  ${label.padEnd(14)} ${value}`).join('');

export function appsCommand(): Command {
  const apps = new Command('apps').description('applications that may call Roster');

  withDataOption(
    apps
      .command('create')
      .description('create an application and print its client id (and, for web and m2m, its secret: shown only once)')
      .requiredOption(
        '--type <type>',
        `application type: ${APPLICATION_TYPES.join(', ')} (web: server-side with a secret; spa: browser, PKCE, no secret)`,
      )
      .requiredOption('--name <name>', 'a name people will recognise')
      .option('--redirect-uri <uri>', 'where codes may be sent, matched exactly (repeat for more; web and spa need one)', collect, [])
      .option('--logout-uri <uri>', 'where the browser may return after signing out (repeatable)', collect, [])
      .option('--origin <origin>', 'a browser origin (scheme://host[:port]) allowed to call the token endpoints (repeatable)', collect, [])
      .option('--logo-url <url>', 'an https image shown at the top of the sign-in pages (web and spa)')
      .option('--accent <color>', "the colour of the sign-in pages' buttons, as hex such as #3451d1 (web and spa)")
      .option('--scopes <scopes>', `space-separated Management API scopes, or "all" (default for m2m) (${MANAGEMENT_SCOPES.join(' ')})`)
      .option('--json', 'print one JSON object'),
  ).action(async (flags: CreateFlags) => {
    const app = await withRoster(flags, (roster) =>
      createApplication(roster, {
        type: flags.type,
        name: flags.name,
        scopes: flags.scopes,
        redirect_uris: flags.redirectUri,
        logout_uris: flags.logoutUri,
        origins: flags.origin,
        logo_url: flags.logoUrl,
        accent_color: flags.accent,
      }),
    );
    if (flags.json) return console.log(JSON.stringify(app));
    console.log(
      `Created ${app.type} application "${app.name}"
  client_id:      ${app.client_id}` +
        (app.client_secret ? `\n  client_secret:  ${app.client_secret}   (shown only now: store it safely)` : '') +
        `\n  scopes:         ${app.scopes.join(' ')}` +
        lines('redirect_uri:', app.redirect_uris) +
        lines('logout_uri:', app.logout_uris) +
        lines('origin:', app.origins) +
        lines('logo_url:', app.logo_url ? [app.logo_url] : []) +
        lines('accent:', app.accent_color ? [app.accent_color] : []),
    );
  });

  withDataOption(apps.command('list').description('list applications').option('--json', 'print a JSON array')).action(
    async (flags: { json?: boolean; data?: string }) => {
      const list = await withRoster(flags, listApplications);
      if (flags.json) return console.log(JSON.stringify(list));
      if (!list.length) return console.log('No applications yet: roster apps create --type web --name NAME --redirect-uri URL');
      for (const app of list) console.log(describe(app));
    },
  );
  withDataOption(
    apps
      .command('delete')
      .description('delete an application: its codes and refresh tokens stop working at once, its access tokens when they expire')
      .argument('<client_id>', 'the client id shown by roster apps list')
      .option('--json', 'print one JSON object'),
  ).action(async (clientId: string, flags: { json?: boolean; data?: string }) => {
    const deleted = await withRoster(flags, (roster) => deleteApplication(roster, clientId));
    if (!deleted) throw new Error(`No application has the client id ${clientId} (see roster apps list)`);
    console.log(flags.json ? JSON.stringify({ client_id: clientId, deleted: true }) : `Deleted application ${clientId}`);
  });
  return apps;
}

function describe(app: Application): string {
  const allowLists = [
    app.redirect_uris.length ? `redirect: ${app.redirect_uris.join(' ')}` : '',
    app.logout_uris.length ? `logout: ${app.logout_uris.join(' ')}` : '',
    app.origins.length ? `origins: ${app.origins.join(' ')}` : '',
  ].filter(Boolean);
  return `${app.client_id}  ${app.type.padEnd(4)}  ${app.name}  [${app.scopes.join(' ')}]${allowLists.length ? `  ${allowLists.join('  ')}` : ''}`;
}
