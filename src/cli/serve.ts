import { Command } from 'commander';
import { loadConfig, type ConfigFlags } from '../config.js';
import { buildApp } from '../http/app.js';
import { bindServer, type BoundServer } from '../http/server.js';
import { createSetupLink, SETUP_LINK_MINUTES } from '../services/admin-setup.js';
import { startHousekeeping } from '../services/housekeeping.js';
import { startDispatcher } from '../services/webhooks/dispatcher.js';
import { openAnnounced, withDataOption } from './shared.js';
import { startupSummary } from './startup-summary.js';

const SERVE_HELP = `
Serves, on one port: the Management API (/api/v1, its docs at /api/docs), the OAuth 2.0 / OpenID Connect server
(/oauth2/*, /.well-known/*), the hosted sign-in pages (/auth/*, /logout), the admin console (/admin) and /healthz.
Applies database migrations at start and creates a signing key if there is none.

Environment:
  DATABASE_URL                  postgres://user:password@host:5432/db to use PostgreSQL instead of the embedded database
  PORT, HOST, ROSTER_DATA_DIR, ROSTER_ISSUER   as the flags above (a flag wins)
  ROSTER_SMTP_URL, ROSTER_SMS_WEBHOOK_URL      where sign-in codes are sent (unset: kept in the outbox and logged)
  LOG_LEVEL, ROSTER_THEME_CSS, ROSTER_KEY_ENCRYPTION_SECRET, ROSTER_*_SECONDS: see the README
  ROSTER_EVENT_RETENTION_DAYS, ROSTER_WEBHOOKS_ALLOW_PRIVATE: the event log and webhooks, see the README

Examples:
  roster serve --port 4000
  PORT=0 roster serve                 a free port, chosen by the system
  DATABASE_URL=postgres://roster@localhost/roster roster serve`;

export function serveCommand(): Command {
  return withDataOption(
    new Command('serve')
      .description('run Roster: the Management API, the OAuth/OpenID Connect server, the hosted sign-in pages and the admin console')
      .option('--port <port>', 'port to listen on, 0 for any free one (default 3000, or PORT)')
      .option('--host <host>', 'address to bind, 0.0.0.0 for every interface (default 127.0.0.1, or HOST)')
      .option('--issuer <url>', 'public base URL, the iss of every token (default http://localhost:<port>, or ROSTER_ISSUER)')
      .option('--headers-timeout <seconds>', 'time allowed for request headers (default 10, or ROSTER_HEADERS_TIMEOUT_SECONDS)')
      .option('--request-timeout <seconds>', 'time allowed for a request body (default 30, or ROSTER_REQUEST_TIMEOUT_SECONDS)')
      .option('--import-timeout <seconds>', 'time allowed for an import upload (default 600, or ROSTER_IMPORT_TIMEOUT_SECONDS)')
      .option(
        '--keep-alive-timeout <seconds>',
        'seconds an idle keep-alive connection stays open (default 72, or ROSTER_KEEP_ALIVE_TIMEOUT_SECONDS)',
      )
      .addHelpText('after', SERVE_HELP),
  ).action(async (flags: ConfigFlags) => {
    const asked = loadConfig(flags);
    const bound = await bindServer(asked.host, asked.port, asked.timeouts).catch((error: unknown) => {
      throw explainListenError(error, asked.host, asked.port);
    });
    try {
      await serveOn(bound, flags);
    } catch (error) {
      await bound.close();
      throw error;
    }
  });
}

async function serveOn(bound: BoundServer, flags: ConfigFlags): Promise<void> {
  // Port 0 is resolved now: the default issuer and every URL handed out name the port actually bound.
  const config = loadConfig({ ...flags, port: bound.port });
  const roster = await openAnnounced(config);
  const app = await buildApp(roster, { server: bound });
  await app.ready();
  bound.open();
  const stopHousekeeping = startHousekeeping(roster, app.log);
  const stopDispatcher = startDispatcher(roster, app.log);
  const stop = async () => {
    await stopDispatcher();
    await stopHousekeeping();
    await app.close();
    await bound.close();
    await roster.close();
    process.stderr.write('Roster stopped.\n');
    app.log.info('Roster stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  process.stderr.write(startupSummary(roster));
  const setupLink = await createSetupLink(roster);
  if (setupLink) {
    process.stderr.write(
      `Nobody is an admin yet. Open this link within ${SETUP_LINK_MINUTES} minutes to become the first (it works once):\n  ${setupLink}\nor run: roster admins add EMAIL\n`,
    );
    app.log.info({ setup_link: setupLink }, 'No admin yet: the setup link makes its user the first admin');
  }
  app.log.info(
    {
      issuer: config.issuer,
      address: `${config.host}:${config.port}`,
      engine: roster.database.engine,
      database: roster.database.location,
      applied_migrations: roster.opened.appliedMigrations,
      created_signing_key: roster.opened.createdSigningKey,
    },
    `Roster is serving ${config.issuer} on ${config.host}:${config.port} with ${roster.database.engine} at ${roster.database.location}`,
  );
}

function explainListenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const other = port === 3000 ? 4000 : 3000;
  if (code === 'EADDRINUSE')
    return new Error(`Port ${port} on ${host} is already in use (another Roster?): choose another with --port ${other} or PORT=${other}`, {
      cause: error,
    });
  if (code === 'EACCES')
    return new Error(`Port ${port} on ${host} needs more privileges: choose one above 1023 with --port or PORT`, { cause: error });
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new Error(`${host} is not an address of this machine: use --host 127.0.0.1 or 0.0.0.0`, { cause: error });
  return error;
}
