import { Command } from 'commander';
import { loadConfig, type ConfigFlags } from '../config.js';
import { buildApp } from '../http/app.js';
import { openRoster } from '../services/context.js';
import { startHousekeeping } from '../services/housekeeping.js';
import { withDataOption } from './shared.js';

export function serveCommand(): Command {
  return withDataOption(
    new Command('serve')
      .description('run the Management API and token endpoint')
      .option('--port <port>', 'port to listen on (env PORT)', undefined)
      .option('--host <host>', 'address to bind (env HOST)', undefined)
      .option('--issuer <url>', 'public base URL, the iss of every token (env ROSTER_ISSUER; default http://localhost:<port>)')
      .option('--headers-timeout <seconds>', 'time allowed for request headers (env ROSTER_HEADERS_TIMEOUT_SECONDS; default 10)')
      .option('--request-timeout <seconds>', 'time allowed for a request body (env ROSTER_REQUEST_TIMEOUT_SECONDS; default 30)')
      .option('--import-timeout <seconds>', 'time allowed for an import upload (env ROSTER_IMPORT_TIMEOUT_SECONDS; default 600)')
      .option(
        '--keep-alive-timeout <seconds>',
        'idle keep-alive connections close after (env ROSTER_KEEP_ALIVE_TIMEOUT_SECONDS; default 72)',
      ),
  ).action(async (flags: ConfigFlags) => {
    const config = loadConfig(flags);
    const roster = await openRoster(config);
    const app = await buildApp(roster);
    const stopHousekeeping = startHousekeeping(roster, app.log);
    const stop = async () => {
      await stopHousekeeping();
      await app.close();
      await roster.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
    await app.listen({ port: config.port, host: config.host });
    app.log.info(
      `Roster is serving ${config.issuer} on ${config.host}:${config.port} with ${roster.database.engine} at ${roster.database.location}`,
    );
  });
}
