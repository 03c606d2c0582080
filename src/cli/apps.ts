import { Command } from 'commander';
import { MANAGEMENT_SCOPES } from '../domain/scopes.js';
import {
  APPLICATION_TYPES,
  createApplication,
  deleteApplication,
  listApplications,
  rotateApplicationSecret,
  updateApplication,
  type Application,
} from '../services/applications.js';
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

interface UpdateFlags {
  name?: string;
  scopes?: string;
  redirectUri?: string[];
  logoutUri?: string[];
  origin?: string[];
  logoUrl?: string;
  accent?: string;
  json?: boolean;
  data?: string;
}

/** Commander's way to let a flag repeat: each value is added to the list. */
const collect = (value: string, list: string[] = []) => [...list, value];

const lines = (label: string, values: string[]) => values.map((value) => `\n  ${label.padEnd(14)} ${value}`).join('');

export function appsCommand(): Command {
  const apps = new Command('apps').description(
    'the applications that use Roster: m2m ones call the Management API, web and spa ones sign people in',
  );

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
    console.log(`Created ${app.type} application "${app.name}"\n${details(app)}`);
  });

  withDataOption(
    apps
      .command('update')
      .description(
        'change an application’s name, scopes, redirect and logout URIs, origins, logo or accent colour; its client id and secret stay',
      )
      .argument('<client_id>', 'the client id shown by roster apps list')
      .option('--name <name>', 'a new name')
      .option('--scopes <scopes>', 'the Management API scopes it may use from now on, space-separated, or "all"')
      .option('--redirect-uri <uri>', 'replaces the redirect URIs (repeat for more)', collect)
      .option('--logout-uri <uri>', 'replaces the logout URIs (repeatable; one empty value removes them all)', collect)
      .option('--origin <origin>', 'replaces the browser origins (repeatable; one empty value removes them all)', collect)
      .option('--logo-url <url>', 'a new logo for the sign-in pages (an empty value removes it)')
      .option('--accent <color>', 'a new accent colour for the sign-in pages, as hex (an empty value removes it)')
      .option('--json', 'print one JSON object'),
  ).action(async (clientId: string, flags: UpdateFlags) => {
    const list = (values: string[] | undefined) => values?.filter((value) => value !== '');
    const changes = {
      name: flags.name,
      scopes: flags.scopes,
      redirect_uris: list(flags.redirectUri),
      logout_uris: list(flags.logoutUri),
      origins: list(flags.origin),
      logo_url: flags.logoUrl,
      accent_color: flags.accent,
    };
    if (Object.values(changes).every((value) => value === undefined))
      throw new Error('Say what to change: --name, --scopes, --redirect-uri, --logout-uri, --origin, --logo-url or --accent');
    const app = await withRoster(flags, (roster) => updateApplication(roster, clientId, changes));
    if (!app) throw new Error(`No application has the client id ${clientId} (see roster apps list)`);
    if (flags.json) return console.log(JSON.stringify(app));
    console.log(`Updated ${app.type} application "${app.name}"\n${details(app)}`);
  });

  withDataOption(
    apps
      .command('rotate-secret')
      .description('give a web or m2m application a new client secret, shown only once; the old secret stops working at once')
      .argument('<client_id>', 'the client id shown by roster apps list')
      .option('--json', 'print one JSON object'),
  ).action(async (clientId: string, flags: { json?: boolean; data?: string }) => {
    const app = await withRoster(flags, (roster) => rotateApplicationSecret(roster, clientId));
    if (!app) throw new Error(`No application has the client id ${clientId} (see roster apps list)`);
    if (flags.json) return console.log(JSON.stringify(app));
    console.log(`New secret for ${app.type} application "${app.name}"\n${details(app)}`);
  });

  withDataOption(apps.command('list').description('list applications, one a line').option('--json', 'print a JSON array')).action(
    async (flags: { json?: boolean; data?: string }) => {
      const list = await withRoster(flags, listApplications);
      if (flags.json) return console.log(JSON.stringify(list));
      if (!list.length) return console.log('No applications yet: roster apps create --type web --name NAME --redirect-uri URL');
      console.log(table(list));
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

/** An application's settings, one a line, with its secret when it has just been made. */
function details(app: Application & { client_secret?: string }): string {
  return (
    `  client_id:      ${app.client_id}` +
    (app.client_secret ? `\n  client_secret:  ${app.client_secret}   (shown only now: store it safely)` : '') +
    `\n  scopes:         ${app.scopes.join(' ')}` +
    lines('redirect_uri:', app.redirect_uris) +
    lines('logout_uri:', app.logout_uris) +
    lines('origin:', app.origins) +
    lines('logo_url:', app.logo_url ? [app.logo_url] : []) +
    lines('accent:', app.accent_color ? [app.accent_color] : [])
  );
}

/** Applications as a table whose columns line up, headed; the last column (redirect URIs) runs as long as it needs. */
function table(list: Application[]): string {
  const rows = [
    ['CLIENT ID', 'TYPE', 'NAME', 'SCOPES', 'REDIRECT URIS'],
    ...list.map((app) => [app.client_id, app.type, app.name, scopesText(app.scopes), app.redirect_uris.join(' ') || '-']),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '))
    .join('\n');
}

const scopesText = (scopes: string[]) =>
  scopes.length === MANAGEMENT_SCOPES.length ? 'all' : scopes.length === 0 ? '-' : scopes.join(' ');
